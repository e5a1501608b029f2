// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { decodeEntities, readSyncData, syncNumber, syncString, syncTrackerIds } from '../../../lib/sites/shared/sync-data';

function page(body: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${body}</body></html>`, 'text/html');
}

describe('readSyncData', () => {
  it.each<[string, string, Record<string, unknown> | null]>([
    ['a JSON script', '<script type="application/json" id="syncData">{"page":"chapter","number":3}</script>', { page: 'chapter', number: 3 }],
    ['a hidden div', '<div id="syncData" hidden>{"page":"overview"}</div>', { page: 'overview' }],
    ['none', '<div id="reader"></div>', null],
    ['two (one injected)', '<div id="syncData">{"page":"chapter"}</div><script id="syncData">{"page":"chapter"}</script>', null],
    ['broken JSON', '<script id="syncData">{"page":</script>', null],
    ['an array', '<script id="syncData">[{"page":"chapter"}]</script>', null],
    ['a string', '<script id="syncData">"chapter"</script>', null],
    ['megabytes', `<script id="syncData">{"page":"chapter","pad":"${'x'.repeat(30_000)}"}</script>`, null],
  ])('%s', (_what, body, expected) => {
    expect(readSyncData(page(body))).toEqual(expected);
  });
});

describe('syncData fields', () => {
  it.each<[unknown, number | null]>([
    [84, 84],
    [12.5, 12.5],
    ['168', 168],
    ['12.5', 12.5],
    ['', null],
    [null, null],
    ['84abc', null],
    [1e20, null],
    [-1, null],
    [Number.NaN, null],
    [true, null],
  ])('number %j → %s', (value, expected) => {
    expect(syncNumber({ number: value }, 'number')).toBe(expected);
  });

  it('never reads a field inherited from Object.prototype', () => {
    expect(syncString({}, 'constructor')).toBeNull();
    expect(syncNumber(JSON.parse('{"__proto__":{"number":5}}') as Record<string, unknown>, 'number')).toBeNull();
  });

  it.each<[unknown, unknown, { anilist?: number; mal?: number }]>([
    ['105398', '121496', { anilist: 105398, mal: 121496 }],
    [105398, 121496, { anilist: 105398, mal: 121496 }],
    ['', 0, {}],
    [null, undefined, {}],
    ['12abc', '0012', {}],
    [1e20, '99999999999', {}],
    [-5, 12.5, {}],
    ['1e3', ' 42', {}],
  ])('anilist_id %j, mal_id %j → %j', (anilist, mal, expected) => {
    expect(syncTrackerIds({ anilist_id: anilist, mal_id: mal })).toEqual(expected);
  });
});

describe('decodeEntities', () => {
  it.each([
    ['Journey&#039;s End', "Journey's End"],
    ['Tom &amp; Jerry', 'Tom & Jerry'],
    ['&lt;b&gt;', '<b>'],
    ['&#x41;&quot;', 'A"'],
    ['&unknown; &#0; &#99999999;', '&unknown; &#0; &#99999999;'],
  ])('%j → %j', (text, expected) => {
    expect(decodeEntities(text)).toBe(expected);
  });
});
