/** A service's OAuth credentials, kept only in the vault. */
import { z } from 'zod/mini';
import type { ServiceId } from '../model';
import { deleteSecret, getSecret, putSecret } from './vault';

export const credentialsSchema = z.object({
  accessToken: z.string().check(z.minLength(1)),
  refreshToken: z.nullable(z.string().check(z.minLength(1))),
  /** When the access token stops working (ms since epoch), when known. */
  expiresAt: z.nullable(z.number()),
  /** The client the tokens were issued to (refreshes must use the same one). */
  clientId: z.string(),
});
export type Credentials = z.infer<typeof credentialsSchema>;

const name = (service: ServiceId) => `credentials:${service}`;

export const readCredentials = (service: ServiceId) => getSecret(name(service), credentialsSchema);
export const saveCredentials = (service: ServiceId, credentials: Credentials) => putSecret(name(service), credentialsSchema.parse(credentials));
export const deleteCredentials = (service: ServiceId) => deleteSecret(name(service));
