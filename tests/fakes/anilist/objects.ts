/**
 * Turns state records into the objects graphql-js walks. Fields that take arguments or lead to other records are
 * functions, which graphql-js's default resolver calls with `(args, context, info)`; everything a query does not
 * select is never computed. A field the fake does not model resolves to null, as an unset field does on AniList.
 */
import { z } from 'zod';
import {
  MEDIA_LIST_STATUSES,
  type AniListState,
  type ListData,
  type ListEntryRecord,
  type MediaFormat,
  type MediaListStatus,
  type MediaRecord,
  type MediaType,
  type UserRecord,
} from './model';
import { rawToFormat, SCORE_FORMATS } from './scores';

/** What every resolver sees: the state, the list data this request reads or writes, and the token's user. */
export interface ExecContext {
  state: AniListState;
  /** `state.lists` for a query; a private copy for a mutation, committed only if the whole request succeeds. */
  lists: ListData;
  viewer: UserRecord | null;
  nowMs: number;
}

export type GqlObject = Record<string, unknown>;

const CDN = 'https://s4.anilist.co/file/anilistcdn';

/** Private entries are visible to their owner only (AniList "If the entry should only be visible to authenticated user"). */
export function isVisible(entry: ListEntryRecord, ctx: ExecContext): boolean {
  return !entry.private || ctx.viewer?.id === entry.userId;
}

export function findEntry(lists: ListData, userId: number, mediaId: number): ListEntryRecord | undefined {
  for (const entry of lists.entries.values()) if (entry.userId === userId && entry.mediaId === mediaId) return entry;
  return undefined;
}

export function mediaObject(media: MediaRecord, ctx: ExecContext): GqlObject {
  const kind = media.type.toLowerCase();
  return {
    id: media.id,
    idMal: media.idMal,
    type: media.type,
    format: media.format,
    status: media.status,
    chapters: media.chapters,
    volumes: media.volumes,
    episodes: media.episodes,
    synonyms: [...media.synonyms],
    startDate: { ...media.startDate },
    isAdult: media.isAdult,
    countryOfOrigin: media.countryOfOrigin,
    isLicensed: true,
    isLocked: false,
    isFavourite: false,
    isFavouriteBlocked: false,
    // Without a logged-in preference AniList answers userPreferred in romaji (schema description of MediaTitle).
    title: { ...media.title, userPreferred: media.title.romaji },
    siteUrl: `https://anilist.co/${kind}/${media.id}`,
    coverImage: {
      extraLarge: `${CDN}/media/${kind}/cover/large/bx${media.id}.jpg`,
      large: `${CDN}/media/${kind}/cover/medium/bx${media.id}.jpg`,
      medium: `${CDN}/media/${kind}/cover/small/bx${media.id}.jpg`,
      color: null,
    },
    mediaListEntry: () => {
      if (ctx.viewer === null) return null;
      const entry = findEntry(ctx.lists, ctx.viewer.id, media.id);
      return entry === undefined ? null : entryObject(entry, ctx);
    },
  };
}

/** AniList's default section order for manga lists; custom lists come after the status lists. */
const SECTION_ORDER: Record<MediaType, string[]> = {
  MANGA: ['Reading', 'Rereading', 'Completed', 'Paused', 'Dropped', 'Planning'],
  ANIME: ['Watching', 'Rewatching', 'Completed', 'Paused', 'Dropped', 'Planning'],
};

export function userObject(user: UserRecord, ctx: ExecContext): GqlObject {
  const typeOptions = (type: MediaType) => ({
    sectionOrder: [...SECTION_ORDER[type], ...(type === 'MANGA' ? user.customLists : [])],
    splitCompletedSectionByFormat: type === 'MANGA' && user.splitCompletedByFormat,
    customLists: type === 'MANGA' ? [...user.customLists] : [],
    advancedScoring: [],
    advancedScoringEnabled: false,
  });
  return {
    id: user.id,
    name: user.name,
    siteUrl: `https://anilist.co/user/${user.name}`,
    avatar: { large: `${CDN}/user/avatar/large/default.png`, medium: `${CDN}/user/avatar/medium/default.png` },
    options: { titleLanguage: 'ROMAJI', displayAdultContent: false, profileColor: 'blue' },
    mediaListOptions: { scoreFormat: user.scoreFormat, rowOrder: 'score', animeList: typeOptions('ANIME'), mangaList: typeOptions('MANGA') },
    // Only the owner may read their unread count; others get null, as on AniList.
    unreadNotificationCount: ctx.viewer?.id === user.id ? 0 : null,
  };
}

const scoreArgs = z.object({ format: z.enum(SCORE_FORMATS).nullish() });
const customListArgs = z.object({ asArray: z.boolean().nullish() });

export function entryObject(entry: ListEntryRecord, ctx: ExecContext): GqlObject {
  const owner = ctx.state.users.get(entry.userId);
  const media = ctx.state.media.get(entry.mediaId);
  return {
    id: entry.id,
    userId: entry.userId,
    mediaId: entry.mediaId,
    status: entry.status,
    progress: entry.progress,
    progressVolumes: entry.progressVolumes,
    repeat: entry.repeat,
    priority: entry.priority,
    private: entry.private,
    notes: entry.notes,
    hiddenFromStatusLists: entry.hiddenFromStatusLists,
    startedAt: { ...entry.startedAt },
    completedAt: { ...entry.completedAt },
    updatedAt: entry.updatedAt,
    createdAt: entry.createdAt,
    advancedScores: null,
    // Without `format:` the score is in the list owner's format (API-FACTS §A Schema facts: "score(format)").
    score: (args: unknown) =>
      rawToFormat(entry.scoreRaw, scoreArgs.parse(args).format ?? owner?.scoreFormat ?? 'POINT_100'),
    // A map of every custom list name → whether the entry is on it, or `[{name, enabled}]` with asArray.
    customLists: (args: unknown) => {
      const names = owner?.customLists ?? [];
      if (names.length === 0) return null;
      const pairs = names.map((name) => ({ name, enabled: entry.customLists.includes(name) }));
      return customListArgs.parse(args).asArray === true
        ? pairs
        : Object.fromEntries(pairs.map((p) => [p.name, p.enabled]));
    },
    media: () => (media === undefined ? null : mediaObject(media, ctx)),
    user: () => (owner === undefined ? null : userObject(owner, ctx)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Sorting (MediaListSort)

const SORT_KEYS: Record<string, (e: ListEntryRecord) => number> = {
  MEDIA_ID: (e) => e.mediaId,
  SCORE: (e) => e.scoreRaw,
  STATUS: (e) => MEDIA_LIST_STATUSES.indexOf(e.status),
  PROGRESS: (e) => e.progress,
  PROGRESS_VOLUMES: (e) => e.progressVolumes,
  REPEAT: (e) => e.repeat,
  PRIORITY: (e) => e.priority,
  ADDED_TIME: (e) => e.createdAt,
  UPDATED_TIME: (e) => e.updatedAt,
};

/** Sorts by the given MediaListSort values in order (title sorts are not modelled), then by entry id. */
export function sortEntries(entries: ListEntryRecord[], sort: readonly (string | null)[] | null | undefined): ListEntryRecord[] {
  const comparators = (sort ?? []).flatMap((value) => {
    if (value === null) return [];
    const desc = value.endsWith('_DESC');
    const key = SORT_KEYS[desc ? value.slice(0, -'_DESC'.length) : value];
    return key === undefined ? [] : [(a: ListEntryRecord, b: ListEntryRecord) => (key(a) - key(b)) * (desc ? -1 : 1)];
  });
  return [...entries].sort((a, b) => {
    for (const compare of comparators) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return a.id - b.id;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// MediaListCollection groups

const GROUP_NAMES: Record<MediaType, Record<MediaListStatus, string>> = {
  MANGA: { CURRENT: 'Reading', REPEATING: 'Rereading', COMPLETED: 'Completed', PAUSED: 'Paused', DROPPED: 'Dropped', PLANNING: 'Planning' },
  ANIME: { CURRENT: 'Watching', REPEATING: 'Rewatching', COMPLETED: 'Completed', PAUSED: 'Paused', DROPPED: 'Dropped', PLANNING: 'Planning' },
};
const GROUP_ORDER: readonly MediaListStatus[] = ['CURRENT', 'REPEATING', 'COMPLETED', 'PAUSED', 'DROPPED', 'PLANNING'];

const FORMAT_LABELS: Record<MediaFormat, string> = {
  TV: 'TV', TV_SHORT: 'TV Short', MOVIE: 'Movie', SPECIAL: 'Special', OVA: 'OVA', ONA: 'ONA', MUSIC: 'Music',
  MANGA: 'Manga', NOVEL: 'Novel', ONE_SHOT: 'One Shot',
};

/**
 * Groups one chunk of entries the way AniList's list page does: a list per status (empty ones left out), the
 * completed list optionally split by media format, then every custom list — which repeats entries already shown in
 * a status list, so a client must de-duplicate by entry id (API-FACTS §A Schema facts). Entries hidden from status
 * lists appear only in their custom lists.
 */
export function groupEntries(
  entries: ListEntryRecord[],
  user: UserRecord,
  type: MediaType,
  forceSingleCompletedList: boolean,
  ctx: ExecContext,
): GqlObject[] {
  const groups: GqlObject[] = [];
  const group = (name: string, status: MediaListStatus | null, members: ListEntryRecord[], split = false) => {
    if (members.length === 0) return;
    groups.push({
      name,
      status,
      isCustomList: status === null,
      isSplitCompletedList: split,
      entries: members.map((e) => entryObject(e, ctx)),
    });
  };
  for (const status of GROUP_ORDER) {
    const members = entries.filter((e) => e.status === status && !e.hiddenFromStatusLists);
    if (status === 'COMPLETED' && user.splitCompletedByFormat && !forceSingleCompletedList) {
      const formats = [...new Set(members.map((e) => ctx.state.media.get(e.mediaId)?.format ?? 'MANGA'))];
      for (const format of formats) {
        const inFormat = members.filter((e) => (ctx.state.media.get(e.mediaId)?.format ?? 'MANGA') === format);
        group(`Completed ${FORMAT_LABELS[format]}`, status, inFormat, true);
      }
    } else {
      group(GROUP_NAMES[type][status], status, members);
    }
  }
  if (type === 'MANGA') {
    for (const name of user.customLists) group(name, null, entries.filter((e) => e.customLists.includes(name)));
  }
  return groups;
}
