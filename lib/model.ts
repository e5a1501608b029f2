/** Service-neutral domain types (DESIGN.md "Core model"). Ids here are persisted: never rename them. */

/** The trackers the extension keeps in step. */
export const SERVICE_IDS = ['anilist', 'mal', 'kitsu'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** Names shown to people; also part of accessible names such as "Connect AniList". */
export const SERVICE_NAMES: Record<ServiceId, string> = {
  anilist: 'AniList',
  mal: 'MyAnimeList',
  kitsu: 'Kitsu',
};

/** The user's reading status for a series, whatever the service calls it. */
export const STATUSES = ['reading', 'completed', 'on_hold', 'dropped', 'planning', 'rereading'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * How a connection stands, as shown to the user. `disconnected` is the only state without an account;
 * `expiring` means usable but the token ends soon; `expired` needs the user to reconnect.
 */
export const CONNECTION_STATES = ['disconnected', 'connected', 'expiring', 'expired', 'rate_limited', 'offline', 'error'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/**
 * Host permissions each service needs. Chrome grants them at install; Firefox MV3 treats them as optional, so
 * the options page asks for them (from the user's click) before connecting.
 */
export const SERVICE_ORIGINS: Record<ServiceId, string[]> = {
  anilist: ['https://anilist.co/*', 'https://graphql.anilist.co/*'],
  mal: ['https://myanimelist.net/*', 'https://api.myanimelist.net/*'],
  kitsu: ['https://kitsu.app/*'],
};
