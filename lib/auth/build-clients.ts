/**
 * OAuth client settings baked in at build time from the environment (see .env.example). Users can still enter
 * their own in the options page; an empty string means "not set at build time".
 */
import type { ServiceId } from '../model';

export interface BuildClientConfig {
  clientId: string;
  /** Only set when the app registration has one (AniList code grant, MAL "web" apps, Kitsu). Never displayed. */
  clientSecret: string;
}

const env = import.meta.env as Record<string, string | undefined>;

export const BUILD_CLIENTS: Record<ServiceId, BuildClientConfig> = {
  anilist: { clientId: env.WXT_ANILIST_CLIENT_ID ?? '', clientSecret: env.WXT_ANILIST_CLIENT_SECRET ?? '' },
  mal: { clientId: env.WXT_MAL_CLIENT_ID ?? '', clientSecret: env.WXT_MAL_CLIENT_SECRET ?? '' },
  kitsu: { clientId: env.WXT_KITSU_CLIENT_ID ?? '', clientSecret: env.WXT_KITSU_CLIENT_SECRET ?? '' },
};
