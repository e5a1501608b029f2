/** Self-hosted server addresses as the user types them, shared by the Sites tab and the background. */
import { t } from '../i18n/t';

export class ServerError extends Error {
  override name = 'ServerError';
}

/**
 * An origin the user typed, normalised ("https://komga.example.org:8443"), or a ServerError saying why not.
 * Only http(s) origins without credentials or wildcards are accepted; a path or query is dropped.
 */
export function normaliseOrigin(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ServerError(t('serverEnterAddress'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServerError(t('serverBadProtocol'));
  if (url.username || url.password) throw new ServerError(t('serverNoCredentials'));
  if (url.hostname.includes('*')) throw new ServerError(t('serverNoWildcards'));
  return url.origin;
}

/** The match pattern that grants and matches exactly one origin. */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}
