import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMangaDexClient } from '../../../../lib/reading/mangadex/client';
import { completeDetectedPage } from '../../../../lib/reading/page-facts';
import { createRateLimiter } from '../../../../lib/trackers/rate-limiter';
import { CATALOG } from '../../../fakes/catalog';
import { createFakeInternetFetch } from '../../../fakes/fetch';
import { createMangaDexFake } from '../../../fakes/mangadex';
import { startFakeInternet, type FakeInternet } from '../../../fakes/server';

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startFakeInternet({ services: [createMangaDexFake] });
});
afterAll(() => internet.close());
beforeEach(() => internet.reset());

/** Browsers always send a User-Agent (MangaDex requires one); Node's fetch shim needs it added. */
function client() {
  const base = createFakeInternetFetch(internet);
  const browserLike: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    request.headers.set('user-agent', 'Mozilla/5.0 (X11; Linux x86_64) Chromium');
    return base(request);
  };
  return createMangaDexClient({ fetch: browserLike, limiter: createRateLimiter({ perMinute: 6000, burst: 100 }) });
}

const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const berserk = CATALOG.find((m) => m.anilist === 30002)!;

describe('MangaDex client', () => {
  it('reads a chapter with its number, volume and the manga’s tracker links', async () => {
    const result = await client().getChapter(frieren.mangadexChapters[1]!.id);
    expect(result).toEqual({
      kind: 'ok',
      value: {
        chapterId: frieren.mangadexChapters[1]!.id,
        chapter: 12.5,
        volume: 2,
        pages: 8,
        mangaId: frieren.mangadex,
        title: 'Sousou no Frieren',
        externalIds: { anilist: 118586, mal: 126287, kitsu: '44037' },
      },
    });
  });

  it('keeps a Kitsu slug as the Kitsu id (MangaDex links carry either)', async () => {
    const result = await client().getChapter(berserk.mangadexChapters[0]!.id);
    expect(result.kind === 'ok' && result.value.externalIds).toEqual({ anilist: 30002, mal: 2, kitsu: 'berserk' });
  });

  it('answers an unknown chapter with a permanent error naming MangaDex, and refuses a non-id without a request', async () => {
    expect((await client().getChapter('00000000-0000-4000-8000-000000000000')).kind).toBe('permanent');
    expect(await client().getChapter('../manga')).toEqual({ kind: 'permanent', message: 'MangaDex: that is not a chapter id.' });
    expect(internet.log.count({ service: 'mangadex' })).toBe(1);
  });
});

describe('completeDetectedPage', () => {
  const page = {
    site: 'mangadex', seriesKey: frieren.mangadex, title: 'Sousou no Frieren', chapterKey: frieren.mangadexChapters[1]!.id,
    chapter: null, volume: null, progress: null, externalIds: {},
  };

  it('fills the chapter and the tracker ids from the API', async () => {
    const done = await completeDetectedPage(page, null, client());
    expect(done).toMatchObject({ chapter: 12.5, volume: 2, externalIds: { anilist: 118586, mal: 126287, kitsu: '44037' } });
  });

  it('costs no request for a page turn within the same chapter', async () => {
    const first = await completeDetectedPage(page, null, client());
    if (!first) throw new Error('the chapter was not confirmed');
    await completeDetectedPage({ ...page, progress: { page: 2, pages: 8 } }, { ...first, tabUrl: '', detectedAt: 0 }, client());
    expect(internet.log.count({ service: 'mangadex' })).toBe(1);
  });

  it('refuses a chapter of another manga (a page claiming a chapter it does not show)', async () => {
    expect(await completeDetectedPage({ ...page, seriesKey: berserk.mangadex }, null, client())).toBeNull();
  });

  it('refuses a chapter MangaDex does not have (a page making one up)', async () => {
    expect(await completeDetectedPage({ ...page, chapter: 99_999, chapterKey: '99999999-9999-4999-8999-999999999999' }, null, client())).toBeNull();
  });

  it('keeps the page’s own facts when MangaDex cannot be reached', async () => {
    internet.faults.add({ service: 'mangadex', status: 503, times: 5 });
    const done = await completeDetectedPage({ ...page, chapter: 12 }, null, createMangaDexClient({ fetch: createFakeInternetFetch(internet), limiter: createRateLimiter({ perMinute: 6000, burst: 100 }) }));
    expect(done?.chapter).toBe(12);
  });
});
