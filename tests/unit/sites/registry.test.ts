import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { findAdapter, SITE_ADAPTERS } from '../../../lib/sites/registry';
import { SITE_FIXTURES_DIR } from './fixtures';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SITES_DIR = path.join(ROOT, 'lib/sites');

/** Conventions every adapter must meet (STYLE.md: explicit registry + a test over it). */
describe('site adapter registry', () => {
  it('registers every adapter file in lib/sites', () => {
    const files = readdirSync(SITES_DIR).filter((f) => f.endsWith('.ts') && !['types.ts', 'registry.ts'].includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(SITE_ADAPTERS.map((a) => a.id).sort());
  });

  it('has unique, well-formed ids', () => {
    const ids = SITE_ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]{1,40}$/);
  });

  it.each(SITE_ADAPTERS.map((a) => [a.id, a] as const))('%s has valid, narrow match patterns', (_id, adapter) => {
    expect(adapter.matches.length).toBeGreaterThan(0);
    for (const pattern of adapter.matches) {
      expect(() => new MatchPattern(pattern)).not.toThrow();
      expect(pattern).not.toBe('<all_urls>');
      expect(pattern).not.toMatch(/^\*:\/\/\*\//);
    }
  });

  it.each(SITE_ADAPTERS.map((a) => [a.id] as const))('%s has fixture pages', (id) => {
    const dir = path.join(SITE_FIXTURES_DIR, id);
    expect(existsSync(dir), `missing ${path.relative(ROOT, dir)}`).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.html')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(SITE_ADAPTERS.map((a) => [a.id, a.name] as const))('%s has a row in the README supported-sites table', (_id, name) => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## Supported sites/m)[1]?.split(/^## /m)[0] ?? '';
    expect(section).toMatch(new RegExp(`^\\|\\s*${name}\\s*\\|`, 'm'));
  });

  it('finds the adapter for a page only on its own site', () => {
    expect(findAdapter(new URL('https://mangadex.org/chapter/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66'))?.id).toBe('mangadex');
    expect(findAdapter(new URL('https://mangadex.org.evil.example/chapter/x'))).toBeUndefined();
    expect(findAdapter(new URL('https://example.com/'))).toBeUndefined();
  });
});
