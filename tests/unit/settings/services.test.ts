import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { DB_NAME, openDatabase } from '../../../lib/library/db';
import { routeMessage } from '../../../lib/background/router';
import { DEFAULT_SERVICE_SETTINGS, readServiceSettings, saveServiceSettings } from '../../../lib/settings/services';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const EXTENSION_PAGE = { id: browser.runtime.id, url: browser.runtime.getURL('/options.html') };

describe('integration settings', () => {
  it('start from the defaults and persist what is saved', async () => {
    expect(await readServiceSettings('mal')).toEqual(DEFAULT_SERVICE_SETTINGS);
    const changed = { ...DEFAULT_SERVICE_SETTINGS, direction: 'push' as const, pullIntervalMinutes: 120, clientId: 'my-app_1.0' };
    await saveServiceSettings('mal', changed);
    expect(await readServiceSettings('mal')).toEqual(changed);
    expect(await readServiceSettings('kitsu')).toEqual(DEFAULT_SERVICE_SETTINGS);
  });

  it.each([
    ['a pull interval under 5 minutes', { pullIntervalMinutes: 2 }],
    ['a fractional interval', { pullIntervalMinutes: 7.5 }],
    ['an unknown direction', { direction: 'sideways' }],
    ['a client id with spaces', { clientId: 'not an id' }],
    ['an unknown field', { surprise: true }],
  ])('rejects %s through the message, changing nothing', async (_label, patch) => {
    const reply = await routeMessage(
      { type: 'saveIntegrationSettings', data: { service: 'anilist', settings: { ...DEFAULT_SERVICE_SETTINGS, ...patch } } },
      EXTENSION_PAGE,
    );
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/^Invalid "saveIntegrationSettings" request: settings/);
    expect(await readServiceSettings('anilist')).toEqual(DEFAULT_SERVICE_SETTINGS);
  });

  it('falls back to the defaults when what is stored no longer validates', async () => {
    const db = await openDatabase();
    await db.put('settings', { key: 'service:anilist', value: { enabled: 'yes' } });
    db.close();
    expect(await readServiceSettings('anilist')).toEqual(DEFAULT_SERVICE_SETTINGS);
  });
});
