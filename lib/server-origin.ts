/** Self-hosted server addresses as the user types them, shared by the Sites tab and the background. */

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
    throw new ServerError('Enter the address of your server, e.g. https://komga.example.org');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServerError('The address must start with https:// or http://');
  if (url.username || url.password) throw new ServerError('Leave the user name and password out of the address.');
  if (url.hostname.includes('*')) throw new ServerError('Enter one server, without wildcards.');
  return url.origin;
}

/** The match pattern that grants and matches exactly one origin. */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}
