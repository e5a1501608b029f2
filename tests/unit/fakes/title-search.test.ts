/**
 * Title search in the tracker fakes, over the shared catalogue: each fake answers from the same works, in its
 * service's own shapes (AniList through the real SDL, MAL with only the requested `fields`, Kitsu as JSON:API),
 * never more than the page asked for. And the catalogue holds what title matching needs: a manga on all three
 * trackers that MangaDex does not link, a spin-off with a similar title, and the novel of the same name.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAniListFake } from '../../fakes/anilist';
import { EXTENSION_HEADERS } from '../../fakes/anilist/testing';
import { CATALOG, TRACKER_CATALOG, TRACKER_ONLY } from '../../fakes/catalog';
import { createKitsuFake } from '../../fakes/kitsu';
import { createMalFake } from '../../fakes/mal';
import { createMangaDexFake } from '../../fakes/mangadex';
import { callFake, frozenClock } from '../../fakes/testing';

const clock = () => ({ clock: frozenClock(Date.UTC(2025, 5, 1)) });
const SPICE = CATALOG.find((m) => m.anilist === 39116)!;
const SIDE_STORY = CATALOG.find((m) => m.anilist === 100997)!;
const NOVEL = TRACKER_ONLY.find((m) => m.anilist === 39115)!;

describe('the shared catalogue', () => {
  it('gives every work its own id on each service', () => {
    for (const key of ['anilist', 'mal', 'kitsu', 'kitsuSlug'] as const) {
      const ids = TRACKER_CATALOG.map((m) => m[key]);
      expect(new Set(ids).size, key).toBe(ids.length);
    }
  });

  it('has a manga whose MangaDex page links no tracker, beside a spin-off and a same-name novel', async () => {
    expect(SPICE).toMatchObject({ format: 'MANGA', mangadexLinks: {} });
    expect(NOVEL).toMatchObject({ format: 'NOVEL', title: SPICE.title });
    expect(SIDE_STORY.title.english).toMatch(/^Spice and Wolf: /);
    const mangadex = createMangaDexFake(clock());
    const page = await callFake(mangadex, 'GET', `https://api.mangadex.org/manga/${SPICE.mangadex}`, { headers: { 'user-agent': 'tests' } });
    expect(page.json()).toMatchObject({ data: { attributes: { title: { 'ja-ro': 'Ookami to Koushinryou' }, links: {} } } });
    const linked = await callFake(mangadex, 'GET', `https://api.mangadex.org/manga/${SIDE_STORY.mangadex}`, { headers: { 'user-agent': 'tests' } });
    expect(linked.json()).toMatchObject({ data: { attributes: { links: { al: '100997', mal: '110997', kt: '40997' } } } });
  });
});

describe('AniList fake: Page.media(search, type)', () => {
  const SEARCH = `query ($search: String!, $perPage: Int) {
    Page(perPage: $perPage) { pageInfo { total hasNextPage } media(search: $search, type: MANGA) { id idMal format startDate { year month day } title { romaji english } synonyms } }
  }`;
  const search = async (variables: Record<string, unknown>) =>
    (await callFake(createAniListFake(clock()), 'POST', 'https://graphql.anilist.co/', { headers: EXTENSION_HEADERS, json: { query: SEARCH, variables } })).json();

  it('matches any title or synonym case-insensitively, best match first, within the page size', async () => {
    expect(await search({ search: 'SPICE AND WOLF', perPage: 2 })).toEqual({
      data: {
        Page: {
          pageInfo: { total: 3, hasNextPage: true },
          media: [
            { id: 39115, idMal: 9115, format: 'NOVEL', startDate: { year: 2006, month: 2, day: 10 }, title: { romaji: 'Ookami to Koushinryou', english: 'Spice and Wolf' }, synonyms: ['Spice & Wolf'] },
            { id: 39116, idMal: 9116, format: 'MANGA', startDate: { year: 2007, month: 9, day: 27 }, title: { romaji: 'Ookami to Koushinryou', english: 'Spice and Wolf' }, synonyms: ['Spice & Wolf'] },
          ],
        },
      },
    });
    expect(await search({ search: 'spice & wolf' })).toMatchObject({ data: { Page: { media: [{ id: 39115 }, { id: 39116 }, { id: 100997 }] } } });
  });
});

describe('MAL fake: GET /manga?q=', () => {
  const fake = () => {
    const mal = createMalFake(clock());
    mal.seed({ clients: [{ id: 'app', redirectUri: 'https://example.org/cb' }] });
    return mal;
  };
  const get = async (query: string) =>
    (await callFake(fake(), 'GET', `https://api.myanimelist.net/v2/manga?${query}`, { headers: { 'x-mal-client-id': 'app' } })).json();
  const Page = z.object({ data: z.array(z.object({ node: z.record(z.string(), z.unknown()) })), paging: z.object({ next: z.string().optional() }) });

  it('answers only the requested fields, novels with their own media_type', async () => {
    const page = Page.parse(await get(`q=${encodeURIComponent('spice and wolf')}&fields=media_type,start_date`));
    expect(page.data.map((d) => d.node)).toEqual([
      { id: 110997, title: 'Ookami to Koushinryou Gaiden', main_picture: expect.any(Object) as unknown, media_type: 'manga', start_date: '2016-03-26' },
      { id: 9116, title: 'Ookami to Koushinryou', main_picture: expect.any(Object) as unknown, media_type: 'manga', start_date: '2007-09-27' },
      { id: 9115, title: 'Ookami to Koushinryou', main_picture: expect.any(Object) as unknown, media_type: 'light_novel', start_date: '2006-02-10' },
    ]);
    expect(Page.parse(await get('q=Wolf')).data[0]?.node).toEqual({ id: 110997, title: 'Ookami to Koushinryou Gaiden', main_picture: expect.any(Object) as unknown });
  });

  it('serves at most `limit`, with a next link when more matched', async () => {
    const page = Page.parse(await get('q=wolf&limit=2&fields=alternative_titles'));
    expect(page.data.map((d) => d.node.id)).toEqual([110997, 9116]);
    expect(page.data[1]?.node.alternative_titles).toEqual({ synonyms: ['Spice & Wolf'], en: 'Spice and Wolf', ja: '狼と香辛料' });
    expect(page.paging.next).toContain('offset=2');
  });
});

describe('Kitsu fake: GET /manga?filter[text]=', () => {
  const get = async (query: string) =>
    (await callFake(createKitsuFake(clock()), 'GET', `https://kitsu.app/api/edge/manga?${query}`, { headers: { accept: 'application/vnd.api+json' } })).json();

  it('matches titles and abbreviated titles, and describes subtype, start date and abbreviations', async () => {
    expect(await get('filter[text]=spice%20%26%20wolf')).toMatchObject({
      data: [
        { id: '5762', type: 'manga', attributes: { subtype: 'novel', mangaType: 'novel', startDate: '2006-02-10' } },
        {
          id: '5763',
          type: 'manga',
          attributes: {
            slug: 'ookami-to-koushinryou', canonicalTitle: 'Ookami to Koushinryou', abbreviatedTitles: ['Spice & Wolf'],
            titles: { en: 'Spice and Wolf', en_jp: 'Ookami to Koushinryou', ja_jp: '狼と香辛料' },
            subtype: 'manga', startDate: '2007-09-27', chapterCount: 101, volumeCount: 16,
          },
        },
      ],
      meta: { count: 2 },
    });
  });

  it('serves at most `page[limit]`, with links.next when more matched', async () => {
    const doc = z
      .object({ data: z.array(z.object({ id: z.string() })), meta: z.object({ count: z.number() }), links: z.object({ next: z.string().optional() }) })
      .parse(await get('filter[text]=Spice%20and%20Wolf&page[limit]=2'));
    expect(doc.data.map((m) => m.id)).toEqual(['5762', '5763']);
    expect(doc.meta.count).toBe(3);
    expect(doc.links.next).toContain('page%5Boffset%5D=2');
  });
});
