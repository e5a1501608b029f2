import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_IDS, SERVICE_NAMES } from '../../../lib/model';
import { TRACKERS } from '../../../lib/trackers/registry';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Adding a service is a checklist (README "Adding a service"); this test fails on any step left out, so a
 * fourth tracker cannot land half-done.
 */
describe.each(SERVICE_IDS.map((id) => [id] as const))('tracker %s', (id) => {
  const module = TRACKERS[id];

  it('is registered under its persisted id with its display name', () => {
    expect(module.id).toBe(id);
    expect(module.name).toBe(SERVICE_NAMES[id]);
  });

  it('declares every capability', () => {
    expect(Object.keys(module.capabilities).sort()).toEqual(['batchWrites', 'dates', 'notes', 'private', 'rereads', 'sameIdWhenAddedAgain', 'volumes']);
  });

  it.each(['index.ts', 'client.ts', 'schemas.ts', 'mapping.ts', 'auth.ts'])('has lib/trackers/%s', (file) => {
    expect(existsSync(path.join(ROOT, 'lib/trackers', id, file)), `lib/trackers/${id}/${file}`).toBe(true);
  });

  it('has unit tests for its client and its mapping tables', () => {
    const dir = path.join(ROOT, 'tests/unit/trackers', id);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    expect(files.some((f) => /mapping.*\.test\.ts$/.test(f)), `tests/unit/trackers/${id}/mapping*.test.ts`).toBe(true);
    expect(files.some((f) => /client.*\.test\.ts$/.test(f)), `tests/unit/trackers/${id}/client*.test.ts`).toBe(true);
  });

  it('has a row in the README services table', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## Supported services/m)[1]?.split(/^## /m)[0] ?? '';
    expect(section).toMatch(new RegExp(`^\\|\\s*${module.name}\\s*\\|`, 'm'));
  });
});

it('registers exactly the services of the model', () => {
  expect(Object.keys(TRACKERS).sort()).toEqual([...SERVICE_IDS].sort());
});
