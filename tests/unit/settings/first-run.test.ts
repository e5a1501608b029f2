import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { openSetupGuide } from '../../../lib/background/first-run';
import { readSetup } from '../../../lib/settings/first-run';
import { DB_NAME, openDatabase } from '../../../lib/library/db';
import { routeMessage } from '../../../lib/background/router';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const OPTIONS_PAGE = { id: browser.runtime.id, url: browser.runtime.getURL('/options.html') };
const READER_PAGE = { id: browser.runtime.id, url: 'https://mangadex.org/chapter/x', tab: { id: 3 } } as Parameters<typeof routeMessage>[1];

const guideTabs = async () => (await browser.tabs.query({})).filter((tab) => tab.url?.endsWith('/options.html#welcome'));

describe('first-run guide', () => {
  it('is not done on a new profile, and Done ends it for good: a later Skip does not rewrite it', async () => {
    expect(await routeMessage({ type: 'getSetup', data: {} }, OPTIONS_PAGE)).toEqual({ ok: true, data: { done: false, ending: null, finishedAt: null, openedAt: null } });

    const done = await routeMessage({ type: 'finishSetup', data: { ending: 'done' } }, OPTIONS_PAGE);
    expect(done).toMatchObject({ ok: true, data: { done: true, ending: 'done' } });
    const skipped = await routeMessage({ type: 'finishSetup', data: { ending: 'skipped' } }, OPTIONS_PAGE);
    expect(skipped).toEqual(done);
    expect(await readSetup()).toEqual(done.ok && done.data);
  });

  it('takes only "done" or "skipped", and only from the extension\'s own pages', async () => {
    expect(await routeMessage({ type: 'finishSetup', data: { ending: 'later' } }, OPTIONS_PAGE)).toMatchObject({ ok: false });
    expect(await routeMessage({ type: 'finishSetup', data: { ending: 'done' } }, READER_PAGE)).toEqual({ ok: false, error: '"finishSetup" is not available to web pages.' });
    expect((await readSetup()).done).toBe(false);
  });

  it('opens its tab once, however often "install" is reported (Chromium reports it at every start of an unpacked build)', async () => {
    await openSetupGuide(1000);
    expect(await guideTabs()).toHaveLength(1);
    expect(await readSetup()).toMatchObject({ done: false, openedAt: 1000 });

    await openSetupGuide(2000);
    expect(await guideTabs()).toHaveLength(1);
    expect(await readSetup()).toMatchObject({ done: false, openedAt: 1000 });
  });

  it('does not open once finished', async () => {
    await routeMessage({ type: 'finishSetup', data: { ending: 'skipped' } }, OPTIONS_PAGE);
    await openSetupGuide();
    expect(await guideTabs()).toHaveLength(0);
  });

  it('treats a damaged record as not done', async () => {
    const db = await openDatabase();
    await db.put('settings', { key: 'setup', value: { done: 'yes' } });
    db.close();
    expect((await readSetup()).done).toBe(false);
  });
});
