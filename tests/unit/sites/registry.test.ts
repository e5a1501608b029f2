// @vitest-environment happy-dom
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { SITE_CATALOG, siteOf } from '../../../lib/sites/catalog';
import { findAdapter, SITE_ADAPTERS } from '../../../lib/sites/registry';
import type { ServerApi } from '../../../lib/sites/types';
import { loadFixture, SITE_FIXTURES_DIR } from './fixtures';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SITES_DIR = path.join(ROOT, 'lib/sites');

/** Conventions every adapter must meet (STYLE.md: explicit registry + a test over it). */
describe('site adapter registry', () => {
  it('registers every adapter file in lib/sites', () => {
    const files = readdirSync(SITES_DIR).filter((f) => f.endsWith('.ts') && !['types.ts', 'registry.ts', 'catalog.ts'].includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(SITE_ADAPTERS.map((a) => a.id).sort());
  });

  it('lists every adapter in the catalog the background uses, with the same id, name and patterns', () => {
    const info = (a: { id: string; name: string; matches: string[]; selfHosted?: boolean }) => [a.id, a.name, a.matches, a.selfHosted === true];
    expect(SITE_CATALOG.map(info).sort()).toEqual(SITE_ADAPTERS.map(info).sort());
    expect(siteOf(new URL('https://mangadex.org/chapter/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66'))?.id).toBe('mangadex');
    expect(siteOf(new URL('https://komga.example.org/book/1/read'))).toBeUndefined();
  });

  it('has unique, well-formed ids', () => {
    const ids = SITE_ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]{1,40}$/);
  });

  it.each(SITE_ADAPTERS.map((a) => [a.id, a] as const))('%s has valid, narrow match patterns', (_id, adapter) => {
    // Self-hosted server software has no site of its own: it runs on the origins the user adds in Sites.
    if (adapter.selfHosted !== true) expect(adapter.matches.length).toBeGreaterThan(0);
    for (const pattern of adapter.matches) {
      expect(() => new MatchPattern(pattern)).not.toThrow();
      expect(pattern).not.toBe('<all_urls>');
      expect(pattern).not.toMatch(/^\*:\/\/\*\//);
    }
  });

  it.each(SITE_ADAPTERS.filter((a) => a.selfHosted === true).map((a) => [a.id, a] as const))(
    '%s reads its reader page on any server',
    async (id, adapter) => {
      // A fixture saved from a reader page keeps the comment browsers write when saving: "saved from url=(length)URL".
      const dir = path.join(SITE_FIXTURES_DIR, id);
      const saved = readdirSync(dir)
        .filter((file) => file.endsWith('.html'))
        .map((file) => ({ file, url: /<!-- saved from url=\(\d{4}\)(\S+) -->/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1] }))
        .filter((page): page is { file: string; url: string } => page.url !== undefined);
      expect(saved.length, 'a reader page fixture with a "saved from url" comment').toBeGreaterThan(0);
      const refusing: ServerApi = { getJson: () => Promise.reject(new Error('401')), storedItem: () => null };
      for (const { file, url } of saved) {
        const original = new URL(url);
        // Another server running the same software: only the path and query are the software's.
        const elsewhere = new URL(`${original.pathname}${original.search}`, 'https://reader.home.example:8443');
        expect(adapter.isChapterUrl(original) && adapter.isChapterUrl(elsewhere), `${file}: isChapterUrl(${url})`).toBe(true);
        expect(findAdapter(elsewhere, SITE_ADAPTERS)).toBeUndefined();
        const doc = loadFixture(id, file);
        if (adapter.load) {
          // It asks the server (answers saved for its own tests), and a signed-out server gets nothing guessed.
          expect(readdirSync(path.join(dir, 'api')).some((f) => f.endsWith('.json')), `${id}: saved API answers`).toBe(true);
          await expect(adapter.load(doc, elsewhere, refusing)).resolves.toBeNull();
        } else {
          expect(adapter.detect(doc, elsewhere), `${file} at ${elsewhere.href}`).not.toBeNull();
        }
      }
    },
  );

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
    expect(findAdapter(new URL('https://www.natomanga.com/manga/dr-stone/chapter-190'))?.id).toBe('manganato');
    expect(findAdapter(new URL('https://mangakakalot.gg/manga/baby-steps/chapter-5'))?.id).toBe('manganato');
    expect(findAdapter(new URL('https://chapmanganato.to/manga-yz975382/chapter-190'))).toBeUndefined();
    expect(findAdapter(new URL('https://asurascans.com/comics/infinite-mage-f6174291/chapter/18'))?.id).toBe('asurascans');
    expect(findAdapter(new URL('https://asuracomic.net/comics/infinite-mage-f6174291/chapter/18'))).toBeUndefined();
    expect(findAdapter(new URL('https://flamecomics.xyz/series/1/a51617bdb0da930f'))?.id).toBe('flamecomics');
    expect(findAdapter(new URL('https://mangapill.com/chapters/8857-10068000/absolute-regression-chapter-68'))?.id).toBe('mangapill');
    expect(findAdapter(new URL('https://www.mangahere.cc/manga/berserk_of_gluttony/c021/1.html'))?.id).toBe('mangahere');
    expect(findAdapter(new URL('https://fanfox.net/manga/solo_leveling/c106/1.html'))?.id).toBe('mangahere');
    expect(findAdapter(new URL('https://m.fanfox.net/manga/solo_leveling/c106/1.html'))).toBeUndefined();
    expect(findAdapter(new URL('https://mangaplus.shueisha.co.jp/viewer/1000391'))?.id).toBe('mangaplus');
    expect(findAdapter(new URL('https://weebcentral.com/chapters/01J76XZ480RW84PPENM92DQWG6'))?.id).toBe('weebcentral');
    expect(findAdapter(new URL('https://weebcentral.com/series/01J76XY7P6VR0D8AQYQ9FNFTE7/Initial-D'))).toBeUndefined();
    expect(findAdapter(new URL('https://mangafire.to/read/solo-leveling.52x0/en/chapter-168'))?.id).toBe('mangafire');
    expect(findAdapter(new URL('https://comix.ws/title/3z2z2-reincarnated-as-a-sword/2734337-chapter-84'))?.id).toBe('comix');
    expect(findAdapter(new URL('https://mangareader.to/read/solo-leveling-21/en/chapter-168'))?.id).toBe('mangareader');
    expect(findAdapter(new URL('http://mangareader.to/read/solo-leveling-21/en/chapter-168'))).toBeUndefined();
    expect(findAdapter(new URL('https://example.com/'))).toBeUndefined();
  });
});
