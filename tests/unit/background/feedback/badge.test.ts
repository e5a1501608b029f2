import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  BADGE_COLORS,
  chapterBadgeText,
  clearReadResult,
  decideBadge,
  DONE_MARK,
  LONG_CHAPTER_MARK,
  PROBLEM_MARK,
  showProblems,
  showReadResult,
  showTabBadge,
  type ReadMark,
} from '../../../../lib/background/feedback/badge';
import type { ChapterReadReply } from '../../../../lib/protocol/messages';
import type { Problem } from '../../../../lib/background/feedback/problems';
import { MAX_CHAPTER } from '../../../../lib/sites/shared/chapter-number';
import { saveTabPage } from '../../../../lib/reading/tab-pages';
import { frierenPage } from '../../sync/world';

const page = (chapter: number | null, chapterKey: string | null = `ch-${chapter ?? 'x'}`) => ({ title: 'Sousou no Frieren', chapter, chapterKey });
const done = (chapter: number): ReadMark => ({ chapterKey: `ch-${chapter}`, chapter, done: true, message: `Chapter ${chapter} → AniList` });
const failed: Problem = { key: 'failed:mal:s1', kind: 'failed', service: 'mal', title: 'Sousou no Frieren' };
const reconnect: Problem = { key: 'reconnect:anilist', kind: 'reconnect', service: 'anilist', title: null };

describe('decideBadge', () => {
  it.each([
    [12, '12'],
    [12.5, '12.5'],
    [0, '0'],
    [1000, '1000'],
    [999.5, LONG_CHAPTER_MARK],
    [1234.5, LONG_CHAPTER_MARK],
  ])('shows chapter %d as %j', (chapter, text) => {
    expect(decideBadge({ page: page(chapter), mark: null, problems: [] })).toMatchObject({ text, color: BADGE_COLORS.chapter });
  });

  it('never puts more than four characters on the badge', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_CHAPTER * 10 }), (tenths) => {
        expect(chapterBadgeText(tenths / 10).length).toBeLessThanOrEqual(4);
      }),
    );
  });

  it('says in words what the badge shows', () => {
    expect(decideBadge({ page: page(12), mark: null, problems: [] }).title).toBe('Kuroibara Sync\nChapter 12 of Sousou no Frieren.');
    expect(decideBadge({ page: page(null), mark: null, problems: [] })).toEqual({
      text: '', color: BADGE_COLORS.chapter, title: 'Kuroibara Sync\nSousou no Frieren (no chapter number).',
    });
    expect(decideBadge({ page: null, mark: null, problems: [] })).toMatchObject({ text: '', title: 'Kuroibara Sync' });
  });

  it('shows the check mark only while the tab still shows the chapter that was recorded', () => {
    expect(decideBadge({ page: page(12), mark: done(12), problems: [] })).toEqual({
      text: DONE_MARK, color: BADGE_COLORS.done, title: 'Kuroibara Sync\nChapter 12 of Sousou no Frieren: recorded.',
    });
    expect(decideBadge({ page: page(13), mark: done(12), problems: [] }).text).toBe('13');
  });

  it('tells why a read was not recorded, beside the chapter number', () => {
    const mark: ReadMark = { chapterKey: 'ch-12', chapter: 12, done: false, message: 'Which series is Sousou no Frieren? Pick it in the Kuroibara Sync popup.' };
    expect(decideBadge({ page: page(12), mark, problems: [] })).toMatchObject({
      text: '12', title: 'Kuroibara Sync\nChapter 12 of Sousou no Frieren.\nWhich series is Sousou no Frieren? Pick it in the Kuroibara Sync popup.',
    });
  });

  it('shows "!" over everything while a service needs the user, on tabs with and without a detection', () => {
    const withChapter = decideBadge({ page: page(12), mark: done(12), problems: [failed, reconnect] });
    expect(withChapter).toEqual({
      text: PROBLEM_MARK,
      color: BADGE_COLORS.problem,
      title: [
        'Kuroibara Sync',
        'Chapter 12 of Sousou no Frieren: recorded.',
        'MyAnimeList did not accept the update of Sousou no Frieren (Options → Activity).',
        'AniList needs reconnecting (Options → Integrations).',
      ].join('\n'),
    });
    expect(decideBadge({ page: null, mark: null, problems: [reconnect] })).toMatchObject({ text: PROBLEM_MARK, title: 'Kuroibara Sync\nAniList needs reconnecting (Options → Integrations).' });
  });
});

describe('the badge in the browser', () => {
  const TAB = 7;
  const badge = async (tabId?: number) => ({
    text: await browser.action.getBadgeText(tabId === undefined ? {} : { tabId }),
    title: await browser.action.getTitle(tabId === undefined ? {} : { tabId }),
  });
  const updated: ChapterReadReply = { outcome: 'updated', readId: 'r1', summary: 'Chapter 12', services: ['AniList'], countdownSeconds: 0, message: 'Chapter 12 → AniList' };
  const again: ChapterReadReply = { outcome: 'ignored', message: 'Sousou no Frieren is already past chapter 12.', quiet: true };

  beforeEach(async () => {
    fakeBrowser.reset();
    await saveTabPage(TAB, frierenPage());
  });

  it('follows a tab from detection to recorded, and back on Undo', async () => {
    await showTabBadge(TAB);
    expect((await badge(TAB)).text).toBe('12');
    await showReadResult(TAB, frierenPage(), updated);
    expect(await badge(TAB)).toEqual({ text: DONE_MARK, title: 'Kuroibara Sync\nChapter 12 of Sousou no Frieren: recorded.' });
    // Marking the same chapter again changes nothing, so the check mark stays.
    await showReadResult(TAB, frierenPage(), again);
    expect((await badge(TAB)).text).toBe(DONE_MARK);
    expect((await badge(8)).text).toBe('');
    await clearReadResult(TAB);
    expect((await badge(TAB)).text).toBe('12');
  });

  it('shows problems on every open tab and on the default badge, and takes them away again', async () => {
    const reader = (await browser.tabs.create({ url: 'https://mangadex.org/chapter/x' })).id!;
    const other = (await browser.tabs.create({ url: 'https://example.org/' })).id!;
    await saveTabPage(reader, frierenPage());
    await showTabBadge(reader);
    await showProblems([reconnect]);
    expect((await badge(reader)).text).toBe(PROBLEM_MARK);
    expect((await badge(other)).text).toBe(PROBLEM_MARK);
    expect(await badge()).toEqual({ text: PROBLEM_MARK, title: 'Kuroibara Sync\nAniList needs reconnecting (Options → Integrations).' });
    // A detection after that keeps the "!" (the tooltip names the chapter too).
    await showTabBadge(reader);
    expect(await badge(reader)).toEqual({
      text: PROBLEM_MARK, title: 'Kuroibara Sync\nChapter 12 of Sousou no Frieren.\nAniList needs reconnecting (Options → Integrations).',
    });
    await showProblems([]);
    expect((await badge(reader)).text).toBe('12');
    expect(await badge(other)).toEqual({ text: '', title: 'Kuroibara Sync' });
    expect((await badge()).text).toBe('');
  });
});
