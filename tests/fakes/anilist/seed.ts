/**
 * The AniList fake's seed format (zod), and how a seed becomes state. Seeding replaces the whole state; anything
 * left out falls back to the defaults here, so `seed({})` is the same as `reset()`.
 */
import { z } from 'zod';
import {
  builtInMedia,
  emptyFuzzyDate,
  MEDIA_FORMATS,
  MEDIA_LIST_STATUSES,
  MEDIA_STATUSES,
  MEDIA_TYPES,
  nowSeconds,
  TOKEN_LIFETIME_S,
  type AniListState,
  type FuzzyDate,
  type ListEntryRecord,
  type MediaRecord,
} from './model';
import { SCORE_FORMATS } from './scores';

const int = z.number().int();
const fuzzyDate = z
  .object({ year: int.nullish(), month: int.min(1).max(12).nullish(), day: int.min(1).max(31).nullish() })
  .strict();

/** One list entry. Ranges are AniList's own (schema descriptions of `SaveMediaListEntry`). */
export const entrySeedSchema = z
  .object({
    id: int.positive().optional(),
    mediaId: int.positive(),
    status: z.enum(MEDIA_LIST_STATUSES),
    scoreRaw: int.min(0).max(100).default(0),
    progress: int.min(0).default(0),
    progressVolumes: int.min(0).default(0),
    repeat: int.min(0).max(1000).default(0),
    priority: int.min(0).max(255).default(0),
    private: z.boolean().default(false),
    notes: z.string().max(6000).nullable().default(null),
    hiddenFromStatusLists: z.boolean().default(false),
    startedAt: fuzzyDate.optional(),
    completedAt: fuzzyDate.optional(),
    /** Unix seconds; defaults to the fake clock at seed time. */
    updatedAt: int.nonnegative().optional(),
    createdAt: int.nonnegative().optional(),
    /** Custom lists the entry is on; each name is added to the user's custom lists. */
    customLists: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const userSeedSchema = z
  .object({
    id: int.positive(),
    name: z.string().min(1),
    /**
     * The user's score format. New AniList accounts start on POINT_10_DECIMAL (assumed; not in API-FACTS), and
     * every client must read it from `Viewer.mediaListOptions.scoreFormat` rather than assume.
     */
    scoreFormat: z.enum(SCORE_FORMATS).default('POINT_10_DECIMAL'),
    /** A pre-issued bearer token accepted for this user (any string; valid for a year from seed time). */
    token: z.string().min(1).optional(),
    /** Custom list names with no entries yet (entries' `customLists` are added automatically). */
    customLists: z.array(z.string().min(1)).default([]),
    splitCompletedByFormat: z.boolean().default(false),
    list: z.array(entrySeedSchema).default([]),
  })
  .strict();

export const clientSeedSchema = z
  .object({
    id: z.union([int.positive(), z.string().regex(/^\d+$/, 'AniList client ids are numeric')]).transform(String),
    /** Without a secret the client can use only the implicit grant. */
    secret: z.string().min(1).nullable().default(null),
    redirectUri: z.url(),
    name: z.string().min(1).default('Test client'),
  })
  .strict();

export const mediaSeedSchema = z
  .object({
    id: int.positive(),
    idMal: int.positive().nullable().default(null),
    type: z.enum(MEDIA_TYPES).default('MANGA'),
    format: z.enum(MEDIA_FORMATS).default('MANGA'),
    status: z.enum(MEDIA_STATUSES).default('RELEASING'),
    title: z
      .object({ romaji: z.string().min(1), english: z.string().nullable().default(null), native: z.string().nullable().default(null) })
      .strict(),
    synonyms: z.array(z.string()).default([]),
    /** Unknown parts (or all of it) are served as nulls, as AniList does. */
    startDate: fuzzyDate.optional(),
    chapters: int.positive().nullable().default(null),
    volumes: int.positive().nullable().default(null),
    episodes: int.positive().nullable().default(null),
    isAdult: z.boolean().default(false),
    countryOfOrigin: z.string().length(2).default('JP'),
  })
  .strict();

export const authorizeSeedSchema = z
  .object({
    user: z.string().min(1).nullable().default(null),
    action: z.enum(['approve', 'deny', 'hang']).default('approve'),
  })
  .strict();

export const rateLimitSeedSchema = z
  .object({
    /** AniList documents 90/min; it has run "degraded" at 30/min (API-FACTS §A Rate limits). */
    perMinute: int.positive().default(90),
    /** What `X-RateLimit-Limit` reports; defaults to `perMinute`. Set 90 with perMinute 30 to mimic "degraded". */
    headerLimit: int.positive().optional(),
  })
  .strict();

export const aniListSeedSchema = z
  .object({
    users: z.array(userSeedSchema).default([]),
    clients: z.array(clientSeedSchema).default([]),
    media: z.array(mediaSeedSchema).default([]),
    authorize: authorizeSeedSchema.default({ user: null, action: 'approve' }),
    rateLimit: rateLimitSeedSchema.default({ perMinute: 90 }),
  })
  .strict()
  .superRefine((seed, issue) => {
    const mediaIds = new Set([...builtInMedia(), ...seed.media].map((m) => m.id));
    const seen = { users: new Set<number>(), names: new Set<string>(), entries: new Set<number>(), tokens: new Set<string>() };
    const fail = (path: (string | number)[], message: string) => issue.addIssue({ code: 'custom', path, message });
    seed.media.forEach((m, i) => {
      if (builtInMedia().some((b) => b.id === m.id)) fail(['media', i, 'id'], `media ${m.id} is already in the catalogue`);
    });
    seed.users.forEach((user, u) => {
      if (seen.users.has(user.id)) fail(['users', u, 'id'], `duplicate user id ${user.id}`);
      if (seen.names.has(user.name.toLowerCase())) fail(['users', u, 'name'], `duplicate user name ${user.name}`);
      if (user.token !== undefined && seen.tokens.has(user.token)) fail(['users', u, 'token'], 'duplicate token');
      seen.users.add(user.id);
      seen.names.add(user.name.toLowerCase());
      if (user.token !== undefined) seen.tokens.add(user.token);
      const mediaOnList = new Set<number>();
      user.list.forEach((entry, e) => {
        if (!mediaIds.has(entry.mediaId)) fail(['users', u, 'list', e, 'mediaId'], `unknown media ${entry.mediaId}`);
        // AniList keeps one entry per user and media; SaveMediaListEntry(mediaId) relies on it.
        if (mediaOnList.has(entry.mediaId)) fail(['users', u, 'list', e, 'mediaId'], `media ${entry.mediaId} listed twice`);
        mediaOnList.add(entry.mediaId);
        if (entry.id !== undefined) {
          if (seen.entries.has(entry.id)) fail(['users', u, 'list', e, 'id'], `duplicate list entry id ${entry.id}`);
          seen.entries.add(entry.id);
        }
      });
    });
    if (seed.authorize.user !== null && !seen.names.has(seed.authorize.user.toLowerCase())) {
      fail(['authorize', 'user'], `no seeded user named ${seed.authorize.user}`);
    }
    const clientIds = new Set<string>();
    seed.clients.forEach((client, c) => {
      if (clientIds.has(client.id)) fail(['clients', c, 'id'], `duplicate client id ${client.id}`);
      clientIds.add(client.id);
    });
  });

export type AniListSeed = z.input<typeof aniListSeedSchema>;
type ParsedSeed = z.output<typeof aniListSeedSchema>;

/** Validates `data` and throws an error that names every bad field. */
export function parseSeed(data: unknown): ParsedSeed {
  const result = aniListSeedSchema.safeParse(data);
  if (!result.success) throw new Error(`AniList fake: invalid seed\n${z.prettifyError(result.error)}`);
  return result.data;
}

function toFuzzyDate(date: z.output<typeof fuzzyDate> | undefined): FuzzyDate {
  return date === undefined ? emptyFuzzyDate() : { year: date.year ?? null, month: date.month ?? null, day: date.day ?? null };
}

/** Builds a fresh state from a parsed seed; `nowMs` stamps entries and tokens the seed leaves undated. */
export function stateFromSeed(seed: ParsedSeed, nowMs: number): AniListState {
  const now = nowSeconds(nowMs);
  const state: AniListState = {
    users: new Map(),
    lists: { entries: new Map(), nextEntryId: 1 },
    media: new Map(),
    extraMedia: seed.media.map((m): MediaRecord => ({ ...m, title: { ...m.title }, synonyms: [...m.synonyms], startDate: toFuzzyDate(m.startDate) })),
    clients: new Map(seed.clients.map((c) => [c.id, { ...c }])),
    tokens: new Map(),
    codes: new Map(),
    authorize: { ...seed.authorize },
    rateLimit: { perMinute: seed.rateLimit.perMinute, headerLimit: seed.rateLimit.headerLimit ?? seed.rateLimit.perMinute },
    window: null,
  };
  for (const m of [...builtInMedia(), ...state.extraMedia]) state.media.set(m.id, m);

  const explicitIds = seed.users.flatMap((u) => u.list.flatMap((e) => (e.id === undefined ? [] : [e.id])));
  // Fresh ids start above every seeded one, like an auto-increment column.
  let nextId = Math.max(100_000, ...explicitIds) + 1;
  for (const user of seed.users) {
    const customLists = [...new Set([...user.customLists, ...user.list.flatMap((e) => e.customLists)])];
    state.users.set(user.id, {
      id: user.id,
      name: user.name,
      scoreFormat: user.scoreFormat,
      customLists,
      splitCompletedByFormat: user.splitCompletedByFormat,
    });
    for (const e of user.list) {
      const id = e.id ?? nextId++;
      const updatedAt = e.updatedAt ?? now;
      const entry: ListEntryRecord = {
        id,
        userId: user.id,
        mediaId: e.mediaId,
        status: e.status,
        scoreRaw: e.scoreRaw,
        progress: e.progress,
        progressVolumes: e.progressVolumes,
        repeat: e.repeat,
        priority: e.priority,
        private: e.private,
        notes: e.notes,
        hiddenFromStatusLists: e.hiddenFromStatusLists,
        customLists: [...new Set(e.customLists)],
        startedAt: toFuzzyDate(e.startedAt),
        completedAt: toFuzzyDate(e.completedAt),
        updatedAt,
        createdAt: e.createdAt ?? updatedAt,
      };
      state.lists.entries.set(id, entry);
    }
    if (user.token !== undefined) {
      state.tokens.set(user.token, {
        token: user.token,
        userId: user.id,
        clientId: state.clients.keys().next().value ?? '1',
        iat: now,
        exp: now + TOKEN_LIFETIME_S,
        revoked: false,
      });
    }
  }
  state.lists.nextEntryId = nextId;
  return state;
}
