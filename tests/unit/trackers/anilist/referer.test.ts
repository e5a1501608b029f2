/**
 * AniList's Referer gate (API-FACTS §A): every request the extension sends to graphql.anilist.co carries
 * `Referer: https://anilist.co/` through one declarativeNetRequest rule, and nothing else is touched. The unit
 * tests' fetch applies the fake browser's rules the way Chromium does (tests/fakes/dnr.ts), so these requests reach
 * the gated fake exactly as the real build's would.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  ANILIST_REFERER,
  aniListRefererRule,
  ensureAniListReferer,
  extensionHost,
  REFERER_RULE_ID,
} from '../../../../lib/trackers/anilist/referer';
import { applyRequestRules, currentFakeDnr } from '../../../fakes/dnr';
import { aliceTracker, graphqlRequests, signIn, useAniListInternet } from './harness';

const h = useAniListInternet();
const HOST = 'test-extension-id';

describe('the rule', () => {
  const rule = aniListRefererRule(HOST);
  const headersFor = (url: string, initiatorHost: string, type: 'xmlhttprequest' | 'script' = 'xmlhttprequest') =>
    applyRequestRules([rule], { url, initiatorHost, type }, { origin: `chrome-extension://${HOST}` });

  it("sets the Referer on this extension's requests to graphql.anilist.co", () => {
    expect(headersFor('https://graphql.anilist.co/', HOST)).toEqual({ origin: `chrome-extension://${HOST}`, referer: ANILIST_REFERER });
  });

  it.each([
    ['anilist.co (the OAuth token endpoint)', 'https://anilist.co/api/v2/oauth/token'],
    ['MyAnimeList', 'https://api.myanimelist.net/v2/users/@me'],
    ['Kitsu', 'https://kitsu.app/api/edge/library-entries'],
    ['MangaDex', 'https://api.mangadex.org/chapter/x'],
  ])('leaves requests to %s alone', (_name, url) => {
    expect(headersFor(url, HOST)).not.toHaveProperty('referer');
  });

  it("leaves other initiators' requests to graphql.anilist.co alone (anilist.co's own site, another extension)", () => {
    expect(headersFor('https://graphql.anilist.co/', 'anilist.co')).not.toHaveProperty('referer');
    expect(headersFor('https://graphql.anilist.co/', 'abcdefghijklmnopabcdefghijklmnop')).not.toHaveProperty('referer');
    expect(headersFor('https://graphql.anilist.co/', HOST, 'script')).not.toHaveProperty('referer');
  });

  it("is keyed to this install's own origin host", () => {
    expect(extensionHost()).toBe(HOST);
    expect(aniListRefererRule(extensionHost()).condition.initiatorDomains).toEqual([HOST]);
  });
});

describe('ensureAniListReferer', () => {
  const dnr = () => fakeBrowser.declarativeNetRequest;

  it('installs the rule once; later calls only look', async () => {
    const update = vi.spyOn(dnr(), 'updateDynamicRules');
    expect(await ensureAniListReferer()).toBe(true);
    expect(await ensureAniListReferer()).toBe(true);
    expect(update).toHaveBeenCalledTimes(1);
    expect(currentFakeDnr().rules()).toEqual([aniListRefererRule(HOST)]);
  });

  it('replaces an outdated rule with the same id instead of adding a second', async () => {
    const stale = { ...aniListRefererRule('old-install-host'), id: REFERER_RULE_ID };
    await currentFakeDnr().updateDynamicRules({ addRules: [stale] });
    expect(await ensureAniListReferer()).toBe(true);
    expect(currentFakeDnr().rules()).toEqual([aniListRefererRule(HOST)]);
  });

  it('says false, and never throws, when the browser refuses the rule', async () => {
    vi.spyOn(dnr(), 'updateDynamicRules').mockRejectedValue(new Error('Internal error'));
    expect(await ensureAniListReferer()).toBe(false);
  });
});

describe('the AniList client against the gated fake', () => {
  it('every request carries the Referer, so calls succeed', async () => {
    await signIn(h);
    const tracker = aliceTracker(h);
    expect((await tracker.viewer()).kind).toBe('ok');
    expect((await tracker.listEntries()).kind).toBe('ok');
    expect((await tracker.searchManga('Berserk')).kind).toBe('ok');
    const requests = h.internet.log.entries({ host: 'graphql.anilist.co', method: 'POST' });
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const request of requests) {
      expect(request.headers.referer).toBe(ANILIST_REFERER);
      expect(request.status).toBe(200);
    }
  });

  it("without the rule AniList answers 403: the call is an outage (\"AniList's API is unavailable\"), not a sign-in problem", async () => {
    await signIn(h);
    vi.spyOn(fakeBrowser.declarativeNetRequest, 'updateDynamicRules').mockRejectedValue(new Error('no permission'));
    const result = await aliceTracker(h).viewer();
    expect(result).toEqual({
      kind: 'transient',
      unavailable: true,
      message: "AniList's API is unavailable (The AniList API has been temporarily disabled due to severe stability issues.); will retry.",
    });
    // Not retried inside the call: the outbox retries an outage later.
    expect(graphqlRequests(h)).toBe(1);
    expect(h.internet.log.entries({ host: 'graphql.anilist.co' })[0]).toMatchObject({ status: 403 });
  });
});
