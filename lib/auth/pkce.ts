/**
 * PKCE and OAuth `state`. MyAnimeList supports only the `plain` method, so the challenge equals the verifier
 * (API-FACTS §B); the verifier is 43–128 unreserved characters from the platform CSPRNG, unique per attempt.
 */

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** Random string of unreserved characters, without modulo bias. */
export function randomUnreserved(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      // 66 characters: accept bytes below 198 (3 × 66) so every character is equally likely.
      if (byte < 198 && out.length < length) out += UNRESERVED.charAt(byte % UNRESERVED.length);
    }
  }
  return out;
}

/** A PKCE code verifier: 128 characters (the maximum, and so the most entropy). */
export function createCodeVerifier(length = 128): string {
  if (length < 43 || length > 128) throw new RangeError('A PKCE verifier is 43 to 128 characters long.');
  return randomUnreserved(length);
}

/** An unguessable OAuth `state` for one authorization attempt. */
export function createState(): string {
  return randomUnreserved(32);
}

/** Compares the `state` a redirect came back with to the one we sent, in constant time. */
export function stateMatches(expected: string, received: string | null): boolean {
  if (received === null || received.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ received.charCodeAt(i);
  return diff === 0;
}
