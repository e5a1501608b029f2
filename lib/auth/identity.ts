/**
 * The one place that touches `browser.identity` (fake-browser has no identity API, so tests replace this
 * module). Turns the browser's ways of failing into messages a person understands.
 */
import { browser } from 'wxt/browser';
import { t } from '../i18n/t';

export class AuthFlowError extends Error {
  override name = 'AuthFlowError';
  constructor(
    message: string,
    /** `cancelled`: the user closed the window or declined; `failed`: anything else. */
    readonly reason: 'cancelled' | 'failed',
  ) {
    super(message);
  }
}

/** The redirect URL to register with OAuth providers: exactly `identity.getRedirectURL()`, no path. */
export function redirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/**
 * Opens the provider's sign-in page and resolves to the URL it redirected back to.
 * `serviceName` goes into error messages.
 */
export async function launchAuthFlow(url: string, serviceName: string): Promise<URL> {
  let result: string | undefined;
  try {
    result = await browser.identity.launchWebAuthFlow({ url, interactive: true });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // Chromium: "The user did not approve access." when the window is closed; Firefox: "User cancelled or denied access."
    if (/did not approve|cancel|denied|closed/i.test(text)) {
      throw new AuthFlowError(t('authCancelled', serviceName), 'cancelled');
    }
    throw new AuthFlowError(t('authFailed', serviceName, text), 'failed');
  }
  if (!result) throw new AuthFlowError(t('authNoAnswer', serviceName), 'failed');
  return new URL(result);
}
