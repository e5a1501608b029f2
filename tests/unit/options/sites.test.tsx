// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { Sites } from '../../../entrypoints/options/views/Sites';
import type { SitesState } from '../../../lib/protocol/messages';
import { MessageError, sendMessage } from '../../../lib/protocol/send';
import { DEFAULT_READING_SETTINGS } from '../../../lib/settings/reading';
import { button, mountPoint, user, waitFor } from './helpers';

vi.mock('../../../lib/protocol/send', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/protocol/send')>()),
  sendMessage: vi.fn(),
}));

const send = vi.mocked(sendMessage);
const KOMGA = 'https://komga.home.test';

const root = mountPoint();
let state: SitesState;
let request: ReturnType<typeof vi.fn<(p: { origins?: string[] }) => Promise<boolean>>>;

beforeEach(() => {
  // A server restored from a backup: listed, but this browser has not allowed the extension onto it.
  state = {
    adapters: [{ id: 'komga', name: 'Komga', selfHosted: true, hosts: [] }],
    reading: DEFAULT_READING_SETTINGS,
    servers: [{ kind: 'komga', origin: KOMGA, granted: false }],
  };
  send.mockReset();
  send.mockImplementation((type, data) => {
    if (type === 'getSites') return Promise.resolve(structuredClone(state) as never);
    if (type === 'addServer' && 'origin' in data) {
      state.servers = state.servers.map((s) => (s.origin === data.origin ? { ...s, granted: true } : s));
      return Promise.resolve(structuredClone(state) as never);
    }
    return Promise.reject(new MessageError(`unexpected ${type}`));
  });
  request = vi.fn<(p: { origins?: string[] }) => Promise<boolean>>();
  Object.assign(browser, { permissions: { ...browser.permissions, request } });
});

/** The Sites tab, loaded. */
async function open(): Promise<HTMLElement> {
  const container = root();
  await act(() => render(<Sites />, container));
  await waitFor(() => expect(container.textContent).toContain(KOMGA));
  return container;
}

describe('Sites: a server without access', () => {
  it('says so and asks the browser for exactly its origin; once allowed, the background takes it up again', async () => {
    request.mockResolvedValue(true);
    const container = await open();
    expect(container.textContent).toContain('no access: the browser has not allowed it');
    await user(() => button(container, `Allow access to ${KOMGA}`).click());
    await waitFor(() => expect(container.textContent).toContain(`Access to ${KOMGA} allowed.`));
    expect(request).toHaveBeenCalledWith({ origins: [`${KOMGA}/*`] });
    expect(send).toHaveBeenCalledWith('addServer', { kind: 'komga', origin: KOMGA });
    expect(container.textContent).not.toContain('no access');
    expect(() => button(container, `Allow access to ${KOMGA}`)).toThrow();
  });

  it('keeps the server as it was when the user refuses the prompt', async () => {
    request.mockResolvedValue(false);
    const container = await open();
    await user(() => button(container, `Allow access to ${KOMGA}`).click());
    await waitFor(() => expect(container.textContent).toContain(`Access to ${KOMGA} was not granted, so its pages cannot be read.`));
    expect(send).not.toHaveBeenCalledWith('addServer', expect.anything());
    expect(container.textContent).toContain('no access');
  });
});
