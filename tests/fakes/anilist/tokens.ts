/**
 * AniList access tokens: JWT-shaped (RS256 header, claims `aud` = client id, `sub` = user id as a string, `iat`,
 * `exp` = iat + 31,536,000; API-FACTS §A Auth). The signature is random bytes: nothing outside the fake can verify
 * it, and clients must treat the token as opaque anyway. The fake remembers every token it issued, so revocation
 * and expiry are decided here, by the fake clock.
 */
import { randomBytes } from 'node:crypto';
import { nowSeconds, TOKEN_LIFETIME_S, type AniListState, type TokenRecord, type UserRecord } from './model';

function base64url(value: object | Buffer): string {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value));
  return bytes.toString('base64url');
}

/** Issues and remembers a token for `userId` on behalf of `clientId`. */
export function issueAccessToken(state: AniListState, userId: number, clientId: string, nowMs: number): TokenRecord {
  const iat = nowSeconds(nowMs);
  const exp = iat + TOKEN_LIFETIME_S;
  const jti = randomBytes(20).toString('hex');
  // Laravel Passport (which AniList runs) copies `jti` into the header too.
  const header = { typ: 'JWT', alg: 'RS256', jti };
  const claims = { aud: clientId, jti, iat, nbf: iat, exp, sub: String(userId), scopes: [] };
  const token = `${base64url(header)}.${base64url(claims)}.${base64url(randomBytes(256))}`;
  const record: TokenRecord = { token, userId, clientId, iat, exp, revoked: false };
  state.tokens.set(token, record);
  return record;
}

export type TokenCheck =
  | { kind: 'none' }
  | { kind: 'valid'; user: UserRecord }
  | { kind: 'invalid' };

/**
 * Reads the `Authorization` header. A header that is present but carries an unknown, revoked or expired token is
 * "invalid" — AniList then fails the whole request with 400 "Invalid token", even for public queries (API-FACTS §A
 * Errors, observed on MediaListCollection).
 */
export function checkAuthorization(state: AniListState, header: string | undefined, nowMs: number): TokenCheck {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  const token = match?.[1];
  if (token === undefined) return { kind: 'invalid' };
  const record = state.tokens.get(token);
  if (record === undefined || record.revoked || nowSeconds(nowMs) >= record.exp) return { kind: 'invalid' };
  const user = state.users.get(record.userId);
  return user === undefined ? { kind: 'invalid' } : { kind: 'valid', user };
}
