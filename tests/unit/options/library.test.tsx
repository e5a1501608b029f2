// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Library } from '../../../entrypoints/options/views/Library';
import type { LibraryRow, RequestMap, ResponseMap } from '../../../lib/protocol/messages';
import { MessageError, sendMessage } from '../../../lib/protocol/send';
import { button, mountPoint, choose, field, row, typeInto, user, waitFor } from './helpers';

vi.mock('../../../lib/protocol/send', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/protocol/send')>()),
  sendMessage: vi.fn(),
}));

const send = vi.mocked(sendMessage);
/** The height happy-dom (which does no layout) should report for the library's scroller. */
const VIEWPORT = 520;

const root = mountPoint();
let container: HTMLElement;
let library: ResponseMap['getLibrary'];
let calls: { type: string; data: unknown }[];
let replies: Partial<{ [K in keyof ResponseMap]: (data: RequestMap[K]) => ResponseMap[K] | Promise<ResponseMap[K]> }>;

/** What the fake background answers; a throw here becomes a rejected promise, as a refusal is. */
function answer(type: keyof ResponseMap, data: unknown): unknown {
  calls.push({ type, data });
  const reply = replies[type] as ((data: unknown) => unknown) | undefined;
  if (reply) return reply(data);
  if (type === 'getLibrary') return structuredClone(library);
  throw new MessageError(`unexpected ${type}`);
}

beforeEach(() => {
  calls = [];
  replies = {};
  library = { rows: [], scoreSettings: {} };
  send.mockImplementation((type, data) => new Promise((resolve) => resolve(answer(type, data) as never)));
  // happy-dom lays nothing out: give the table a viewport so the virtualizer has rows to show.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.getAttribute('role') === 'table' ? VIEWPORT : 0;
  });
  container = root();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function open(): Promise<void> {
  await act(() => render(<Library />, container));
  await waitFor(() => expect(container.textContent).not.toContain('Loading library'));
}

/** Series rows (the header row is row 1 and has no series). */
const seriesRows = () => Array.from(container.querySelectorAll<HTMLElement>('[role="row"][data-series-id]'));
const titles = () => seriesRows().map((r) => r.querySelector('.title')?.textContent);
const table = () => container.querySelector<HTMLElement>('[role="table"][aria-label="Library"]')!;

const frieren = row({
  seriesId: 's1',
  title: "Frieren: Beyond Journey's End",
  altTitles: ['Sōsō no Frieren', '葬送のフリーレン'],
  totalChapters: 140,
  entry: { status: 'reading', progress: 12.5, progressVolumes: 2, score: 60, startedAt: { year: 2024, month: 3, day: 5 }, completedAt: null, rereads: 0, notes: '', private: false },
  services: {
    anilist: { state: 'synced', mediaId: '118586', url: 'https://anilist.co/manga/118586', error: null },
    mal: { state: 'failed', mediaId: '126287', url: null, error: 'MyAnimeList refused the change: invalid score' },
    kitsu: { state: 'unresolved', mediaId: null, url: null, error: null },
  },
});
const berserk = row({
  seriesId: 's2',
  title: 'Berserk',
  entry: { ...frieren.entry!, status: 'completed', progress: 364, score: 100, startedAt: null },
  services: {
    anilist: { state: 'synced', mediaId: '30002', url: null, error: null },
    mal: { state: 'synced', mediaId: '2', url: null, error: null },
    kitsu: { state: 'missing', mediaId: '1', url: null, error: null },
  },
});
const dungeon = row({
  seriesId: 's3',
  title: 'Délicious in Dungeon',
  altTitles: ['Dungeon Meshi'],
  entry: { ...frieren.entry!, status: 'on_hold', progress: 40, score: null },
  services: { anilist: { state: 'synced', mediaId: '86082', url: null, error: null } },
  conflicts: ['progress'],
});

describe('Library list', () => {
  it('shows each series as a row with its status, progress, score in the user scale and service states in words', async () => {
    library = { rows: [frieren, berserk], scoreSettings: { anilist: 'POINT_5' } };
    await open();

    expect(titles()).toEqual(['Berserk', "Frieren: Beyond Journey's End"]);
    const row = seriesRows()[1]!;
    expect(row.textContent).toContain('Reading');
    expect(row.textContent).toContain('Ch. 12.5 / 140');
    expect(row.textContent).toContain('3/5');
    expect(row.textContent).toContain('AniList ✓');
    expect(row.textContent).toContain('MyAnimeList failed');
    expect(row.textContent).toContain('Kitsu unresolved');
    const failed = row.querySelector('.badge-failed')!;
    expect(failed.getAttribute('title')).toBe('MyAnimeList failed: MyAnimeList refused the change: invalid score');
    expect(seriesRows()[0]!.textContent).toContain('Kitsu missing');
    expect(container.textContent).toContain('2 series');
  });

  it('marks a series whose services disagree', async () => {
    library = { rows: [dungeon, berserk], scoreSettings: {} };
    await open();
    const [, marked] = seriesRows();
    expect(marked!.textContent).toContain('conflict');
    expect(marked!.querySelector('.badge-conflict')!.getAttribute('title')).toBe('Services disagree on chapters');
    expect(seriesRows()[0]!.querySelector('.badge-conflict')).toBeNull();
  });

  it('search matches titles and alternative titles, ignoring case and accents', async () => {
    library = { rows: [frieren, berserk, dungeon], scoreSettings: {} };
    await open();
    const search = container.querySelector('input[aria-label="Search library"]');

    await user(() => typeInto(search, 'soso'));
    expect(titles()).toEqual(["Frieren: Beyond Journey's End"]);
    await user(() => typeInto(search, 'DELICIOUS'));
    expect(titles()).toEqual(['Délicious in Dungeon']);
    await user(() => typeInto(search, 'meshi dungeon'));
    expect(titles()).toEqual(['Délicious in Dungeon']);
    expect(container.textContent).toContain('1 series (of 3)');
    await user(() => typeInto(search, 'naruto'));
    expect(seriesRows()).toHaveLength(0);
    expect(container.textContent).toContain('No series match');
    await user(() => typeInto(search, ''));
    expect(seriesRows()).toHaveLength(3);
  });

  it('status and service-state filters narrow the rows', async () => {
    library = { rows: [frieren, berserk, dungeon], scoreSettings: {} };
    await open();
    const status = container.querySelector('select[aria-label="Status filter"]');
    const service = container.querySelector('select[aria-label="Service state filter"]');

    await user(() => choose(status, 'completed'));
    expect(titles()).toEqual(['Berserk']);
    await user(() => choose(status, 'all'));
    await user(() => choose(service, 'attention'));
    // Frieren: failed and unresolved; Dungeon: a conflict. Berserk is only missing on Kitsu.
    expect(titles()).toEqual(['Délicious in Dungeon', "Frieren: Beyond Journey's End"]);
    await user(() => choose(service, 'missing:kitsu'));
    expect(titles()).toEqual(['Berserk']);
    await user(() => choose(status, 'reading'));
    expect(titles()).toEqual([]);
  });

  it('renders only a window of 10,000 rows, each with its place in the table', async () => {
    library = {
      rows: Array.from({ length: 10_000 }, (_, i) => row({ seriesId: `id-${i}`, title: `Series ${String(i).padStart(5, '0')}` })),
      scoreSettings: {},
    };
    await open();

    expect(table().getAttribute('aria-rowcount')).toBe('10001');
    expect(container.textContent).toContain('10000 series');
    const first = seriesRows();
    expect(first.length).toBeGreaterThan(5);
    expect(first.length).toBeLessThan(100);
    // Row 1 is the header; the first series is row 2.
    expect(first[0]!.getAttribute('aria-rowindex')).toBe('2');
    expect(first[0]!.textContent).toContain('Series 00000');

    // Scroll to series 5000: the window moves and the rows there carry their own indexes.
    await user(() => {
      table().scrollTop = 5000 * 52;
      table().dispatchEvent(new Event('scroll'));
    });
    const moved = await waitFor(() => {
      const rows = seriesRows();
      expect(rows.some((r) => r.textContent.includes('Series 05000'))).toBe(true);
      return rows;
    });
    expect(moved.length).toBeLessThan(100);
    for (const r of moved) {
      const index = Number(r.getAttribute('aria-rowindex'));
      const title = r.querySelector('.title')!.textContent;
      expect(title).toBe(`Series ${String(index - 2).padStart(5, '0')}`);
    }
    expect(moved.some((r) => r.textContent.includes('Series 00100'))).toBe(false);
  });

  it('rows are one tab stop: arrows move between them and Enter opens the editor', async () => {
    library = { rows: [frieren, berserk, dungeon], scoreSettings: {} };
    await open();
    const [first] = seriesRows();
    expect(seriesRows().map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    first!.focus();
    await user(() => first!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })));
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Délicious in Dungeon'));
    expect(seriesRows().map((r) => r.tabIndex)).toEqual([-1, 0, -1]);
    await user(() => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(container.querySelector('[aria-labelledby="editor-s3"] h2')?.textContent).toBe('Edit Délicious in Dungeon');
  });

  it('says how to get series when the library is empty', async () => {
    await open();
    expect(container.textContent).toContain('Your library is empty');
    expect(container.textContent).toMatch(/Integrations.*Sync now/);
    expect(container.querySelector('[role="table"]')).toBeNull();
  });

  it('says why when the library cannot be loaded, and tries again', async () => {
    replies.getLibrary = () => {
      throw new MessageError('The library database could not be opened.');
    };
    await open();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('The library could not be loaded: The library database could not be opened.');
    delete replies.getLibrary;
    library = { rows: [berserk], scoreSettings: {} };
    await user(() => button(container, 'Try again').click());
    await waitFor(() => expect(titles()).toEqual(['Berserk']));
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });
});

describe('Sync now and Full resync', () => {
  it('Sync now runs a sync, shows each run and reloads the library', async () => {
    let release = () => {};
    replies.triggerSync = () =>
      new Promise((resolve) => {
        release = () =>
          resolve({
            runs: [
              { service: 'anilist', ok: true, message: 'AniList: 1 in, 0 out, 0 conflict(s) resolved.', requests: 2, changesIn: 1, changesOut: 0, conflicts: 0 },
              { service: 'mal', ok: false, message: 'MyAnimeList: the sign-in has expired; reconnect it.', requests: 1, changesIn: 0, changesOut: 0, conflicts: 0 },
            ],
          });
      });
    await open();
    library = { rows: [berserk], scoreSettings: {} };

    await user(() => button(container, 'Sync now').click());
    expect(calls.filter((c) => c.type === 'triggerSync').map((c) => c.data)).toEqual([{ forceFullSync: false }]);
    expect(button(container, 'Sync now').disabled).toBe(true);
    expect(button(container, 'Sync now').getAttribute('aria-busy')).toBe('true');
    expect(container.textContent).toContain('Syncing…');

    await user(() => release());
    await waitFor(() => expect(titles()).toEqual(['Berserk']));
    expect(container.querySelector('.sync-results .ok')?.textContent).toBe('AniList: 1 change in · 0 changes out · 0 conflicts');
    expect(container.querySelector('.sync-results .error')?.textContent).toBe('MyAnimeList: the sign-in has expired; reconnect it.');
    expect(button(container, 'Sync now').disabled).toBe(false);
    expect(calls.filter((c) => c.type === 'getLibrary')).toHaveLength(2);
  });

  it('Full resync asks inside the page first, and Cancel sends nothing', async () => {
    replies.triggerSync = () => ({ runs: [] });
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    await open();

    await user(() => button(container, 'Full resync').click());
    expect(container.textContent).toContain('Re-read your whole list');
    await user(() => button(container, 'Cancel').click());
    expect(calls.some((c) => c.type === 'triggerSync')).toBe(false);

    await user(() => button(container, 'Full resync').click());
    await user(() => button(container, 'Start full resync').click());
    await waitFor(() => expect(container.textContent).toContain('Nothing to sync: connect a service in Integrations first.'));
    expect(calls.filter((c) => c.type === 'triggerSync').map((c) => c.data)).toEqual([{ forceFullSync: true }]);
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('Entry editor', () => {
  async function openEditor(target: LibraryRow, scoreSettings: ResponseMap['getLibrary']['scoreSettings']) {
    library = { rows: [target], scoreSettings };
    await open();
    await user(() => seriesRows()[0]!.click());
    const editor = container.querySelector<HTMLElement>(`section[aria-labelledby="editor-${target.seriesId}"]`);
    expect(editor?.querySelector('h2')?.textContent).toBe(`Edit ${target.title}`);
    return editor!;
  }

  it('sends only the changed fields, the score converted from the user scale to 0–100', async () => {
    replies.updateEntry = ({ seriesId, changes }) => ({
      row: {
        ...frieren,
        seriesId,
        entry: { ...frieren.entry!, ...(changes as Partial<LibraryRow['entry']>) },
        services: {
          anilist: { state: 'pending', mediaId: '118586', url: null, error: null },
          mal: { state: 'pending', mediaId: '126287', url: null, error: null },
          kitsu: { state: 'unresolved', mediaId: null, url: null, error: null },
        },
      },
    });
    const editor = await openEditor(frieren, { anilist: 'POINT_5' });
    // 60/100 shows as 3 of 5 stars.
    expect(field(editor, 'Score').value).toBe('3');
    expect(field(editor, 'Chapters read').value).toBe('12.5');
    expect(field(editor, 'Start date').value).toBe('2024-03-05');

    await user(() => typeInto(field(editor, 'Score'), '4'));
    await user(() => typeInto(field(editor, 'Chapters read'), '13.5'));
    await user(() => typeInto(field(editor, 'Finish date'), '2024-06-30'));
    await user(() => typeInto(field(editor, 'Volumes read'), '2')); // unchanged value: not sent
    await user(() => button(editor, 'Save changes').click());

    await waitFor(() => expect(editor.querySelector('[role="status"]')?.textContent).toContain('Saved; going out to AniList and MyAnimeList.'));
    expect(calls.filter((c) => c.type === 'updateEntry').map((c) => c.data)).toEqual([
      // With what the form showed for those fields (a value a sync brings in meanwhile is logged when replaced).
      { seriesId: 's1', changes: { progress: 13.5, score: 80, completedAt: { year: 2024, month: 6, day: 30 } }, opened: { progress: 12.5, score: 60, completedAt: null } },
    ]);
    expect(editor.textContent).toContain('Kitsu: no matching manga found there');
    // The list shows the saved row.
    expect(seriesRows()[0]!.textContent).toContain('Ch. 13.5 / 140');
    expect(seriesRows()[0]!.textContent).toContain('AniList pending');
  });

  it('without an AniList score format, scores are edited on 0–100', async () => {
    replies.updateEntry = ({ seriesId }) => ({ row: { ...berserk, seriesId } });
    const editor = await openEditor(berserk, { anilist: null, kitsu: 'advanced' });
    expect(field(editor, 'Score').value).toBe('100');
    await user(() => typeInto(field(editor, 'Score'), '85'));
    await user(() => choose(field(editor, 'Status'), 'rereading'));
    await user(() => button(editor, 'Save changes').click());
    await waitFor(() => expect(calls.some((c) => c.type === 'updateEntry')).toBe(true));
    expect(calls.find((c) => c.type === 'updateEntry')?.data).toEqual({ seriesId: 's2', changes: { status: 'rereading', score: 85 }, opened: { status: 'completed', score: 100 } });
  });

  it('refuses a score the scale does not allow, and shows the background refusing an edit', async () => {
    replies.updateEntry = () => {
      throw new MessageError('Invalid request: changes.progress: Too big: expected number to be <=10000');
    };
    const editor = await openEditor(frieren, { anilist: 'POINT_5' });

    await user(() => typeInto(field(editor, 'Score'), '4.5'));
    await user(() => button(editor, 'Save changes').click());
    expect(editor.querySelector('[role="alert"]')?.textContent).toBe('Score must be from 1 to 5 in steps of 1; leave it empty for no score.');
    expect(calls.some((c) => c.type === 'updateEntry')).toBe(false);

    await user(() => typeInto(field(editor, 'Score'), '3'));
    await user(() => typeInto(field(editor, 'Chapters read'), '99999'));
    await user(() => button(editor, 'Save changes').click());
    await waitFor(() => expect(editor.querySelector('[role="alert"]')?.textContent).toBe('Not saved: Invalid request: changes.progress: Too big: expected number to be <=10000'));
    expect(calls.find((c) => c.type === 'updateEntry')?.data).toEqual({ seriesId: 's1', changes: { progress: 99999 }, opened: { progress: 12.5 } });
  });

  it('an untouched form sends nothing; clearing the score sends null', async () => {
    replies.updateEntry = ({ seriesId }) => ({ row: { ...frieren, seriesId } });
    const editor = await openEditor(frieren, { anilist: 'POINT_10_DECIMAL' });
    expect(field(editor, 'Score').value).toBe('6');
    await user(() => button(editor, 'Save changes').click());
    expect(editor.textContent).toContain('Nothing to save');
    await user(() => typeInto(field(editor, 'Score'), ''));
    await user(() => button(editor, 'Save changes').click());
    await waitFor(() => expect(calls.some((c) => c.type === 'updateEntry')).toBe(true));
    expect(calls.find((c) => c.type === 'updateEntry')?.data).toEqual({ seriesId: 's1', changes: { score: null }, opened: { score: 60 } });
  });
});
