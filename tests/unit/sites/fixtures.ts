import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SITE_FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures/sites');

/** Parses a saved fixture page into a Document (tests using it run in the happy-dom environment). */
export function loadFixture(site: string, file: string): Document {
  const html = readFileSync(path.join(SITE_FIXTURES_DIR, site, file), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}
