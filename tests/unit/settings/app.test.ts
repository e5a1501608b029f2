import { deleteDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { DB_NAME } from '../../../lib/library/db';
import { routeMessage } from '../../../lib/background/router';

/** fake-browser has no `permissions`: this stands in for Chromium's, with the user's answer to its prompt. */
let granted: Set<string>;
let userAllows: boolean;
beforeEach(() => {
  granted = new Set();
  userAllows = true;
  Object.assign(browser, {
    permissions: {
      ...browser.permissions,
      contains: (p: { permissions?: string[] }) => Promise.resolve((p.permissions ?? []).every((name) => granted.has(name))),
      request: (p: { permissions?: string[] }) => {
        if (userAllows) for (const name of p.permissions ?? []) granted.add(name);
        return Promise.resolve(userAllows);
      },
      remove: (p: { permissions?: string[] }) => {
        for (const name of p.permissions ?? []) granted.delete(name);
        return Promise.resolve(true);
      },
    },
  });
});
afterEach(() => deleteDB(DB_NAME));

const OPTIONS_PAGE: Browser.runtime.MessageSender = { id: browser.runtime.id, url: browser.runtime.getURL('/options.html') };
const READER_PAGE: Browser.runtime.MessageSender = { id: browser.runtime.id, url: 'https://mangadex.org/chapter/x' };
const send = (message: unknown, sender = OPTIONS_PAGE) => routeMessage(message, sender);
const setNotifications = (notifications: boolean, sender?: Browser.runtime.MessageSender) =>
  send({ type: 'saveAppSettings', data: { settings: { notifications } } }, sender);

describe('the notifications opt-in', () => {
  it('is off until the user turns it on', async () => {
    expect(await send({ type: 'getAppSettings', data: {} })).toEqual({ ok: true, data: { notifications: false } });
  });

  it('turns on only with the permission the options page asked for on the click', async () => {
    userAllows = false;
    expect(await browser.permissions.request({ permissions: ['notifications'] })).toBe(false);
    expect(await setNotifications(true)).toEqual({ ok: false, error: 'The browser did not allow notifications, so they stay off.' });
    expect(await send({ type: 'getAppSettings', data: {} })).toMatchObject({ data: { notifications: false } });

    userAllows = true;
    expect(await browser.permissions.request({ permissions: ['notifications'] })).toBe(true);
    expect(await setNotifications(true)).toEqual({ ok: true, data: { notifications: true } });
  });

  it('counts as off once the permission is taken back in the browser', async () => {
    granted.add('notifications');
    await setNotifications(true);
    granted.delete('notifications');
    expect(await send({ type: 'getAppSettings', data: {} })).toMatchObject({ data: { notifications: false } });
  });

  it('gives the permission back when turned off', async () => {
    granted.add('notifications');
    await setNotifications(true);
    expect(await setNotifications(false)).toEqual({ ok: true, data: { notifications: false } });
    expect(granted.has('notifications')).toBe(false);
  });

  it('cannot be changed or read by a web page', async () => {
    granted.add('notifications');
    expect(await setNotifications(true, READER_PAGE)).toMatchObject({ ok: false });
    expect(await send({ type: 'getAppSettings', data: {} }, READER_PAGE)).toMatchObject({ ok: false });
    expect(await send({ type: 'getAppSettings', data: {} })).toMatchObject({ data: { notifications: false } });
  });
});
