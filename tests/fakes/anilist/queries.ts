/**
 * Root query fields: Viewer, User, Media, Page (media, mediaList), MediaList, MediaListCollection.
 * Arguments arrive already coerced by graphql-js against the real schema; zod only narrows them to types.
 */
import {
  assertObjectType,
  getArgumentValues,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { z } from 'zod';
import { notFound, unauthorized, validationFailed } from './errors';
import {
  MEDIA_FORMATS,
  MEDIA_LIST_STATUSES,
  MEDIA_STATUSES,
  MEDIA_TYPES,
  type ListEntryRecord,
  type MediaRecord,
  type UserRecord,
} from './model';
import { entryObject, groupEntries, isVisible, mediaObject, sortEntries, userObject, type ExecContext, type GqlObject } from './objects';
import { anilistSchema } from './schema';

const int = z.number().int();
const ints = z.array(int.nullable()).nullish();
const status = z.enum(MEDIA_LIST_STATUSES);

// ---------------------------------------------------------------------------------------------------------------
// Media lookup and search

const mediaFilterSchema = z.object({
  id: int.nullish(),
  idMal: int.nullish(),
  id_in: ints,
  idMal_in: ints,
  id_not_in: ints,
  search: z.string().nullish(),
  type: z.enum(MEDIA_TYPES).nullish(),
  format: z.enum(MEDIA_FORMATS).nullish(),
  format_in: z.array(z.enum(MEDIA_FORMATS).nullable()).nullish(),
  status: z.enum(MEDIA_STATUSES).nullish(),
  isAdult: z.boolean().nullish(),
  sort: z.array(z.string().nullable()).nullish(),
});

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** 0 exact title, 1 title prefix, 2 substring, 3 every word somewhere; null = no match. */
function searchRank(media: MediaRecord, search: string): number | null {
  const query = normalise(search);
  if (query === '') return 3;
  const titles = [media.title.romaji, media.title.english, media.title.native, ...media.synonyms]
    .flatMap((t) => (t === null ? [] : [normalise(t)]));
  if (titles.includes(query)) return 0;
  if (titles.some((t) => t.startsWith(query))) return 1;
  if (titles.some((t) => t.includes(query))) return 2;
  const words = query.split(' ');
  return titles.some((t) => words.every((w) => t.includes(w))) ? 3 : null;
}

/**
 * Every media matching the filter, best match first for a search, otherwise by id. Anime and manga share one id
 * space, so without `type` an anime can win (API-FACTS §A: "Looking up by idMal needs type: MANGA").
 */
function matchMedia(args: unknown, ctx: ExecContext): MediaRecord[] {
  const f = mediaFilterSchema.parse(args);
  const rank = new Map<number, number>();
  const matches = [...ctx.state.media.values()].filter((m) => {
    if (f.id != null && m.id !== f.id) return false;
    if (f.idMal != null && m.idMal !== f.idMal) return false;
    if (f.id_in != null && !f.id_in.includes(m.id)) return false;
    if (f.idMal_in != null && (m.idMal === null || !f.idMal_in.includes(m.idMal))) return false;
    if (f.id_not_in?.includes(m.id) === true) return false;
    if (f.type != null && m.type !== f.type) return false;
    if (f.format != null && m.format !== f.format) return false;
    if (f.format_in != null && !f.format_in.includes(m.format)) return false;
    if (f.status != null && m.status !== f.status) return false;
    if (f.isAdult != null && m.isAdult !== f.isAdult) return false;
    if (f.search != null) {
      const r = searchRank(m, f.search);
      if (r === null) return false;
      rank.set(m.id, r);
    }
    return true;
  });
  const descending = f.sort?.[0] === 'ID_DESC';
  return matches.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0) || (descending ? b.id - a.id : a.id - b.id));
}

// ---------------------------------------------------------------------------------------------------------------
// List entries

const entryFilterSchema = z.object({
  id: int.nullish(),
  userId: int.nullish(),
  userName: z.string().nullish(),
  mediaId: int.nullish(),
  mediaId_in: ints,
  type: z.enum(MEDIA_TYPES).nullish(),
  status: status.nullish(),
  status_in: z.array(status.nullable()).nullish(),
  status_not: status.nullish(),
  status_not_in: z.array(status.nullable()).nullish(),
  sort: z.array(z.string().nullable()).nullish(),
});

function userByName(name: string, ctx: ExecContext): UserRecord | undefined {
  return [...ctx.state.users.values()].find((u) => u.name.toLowerCase() === name.toLowerCase());
}

/** Visible entries matching the filter, sorted as asked (by entry id otherwise). */
function matchEntries(args: unknown, ctx: ExecContext): ListEntryRecord[] {
  const f = entryFilterSchema.parse(args);
  const nameUser = f.userName == null ? undefined : (userByName(f.userName, ctx)?.id ?? -1);
  const matches = [...ctx.lists.entries.values()].filter((e) => {
    if (!isVisible(e, ctx)) return false;
    if (f.id != null && e.id !== f.id) return false;
    if (f.userId != null && e.userId !== f.userId) return false;
    if (nameUser !== undefined && e.userId !== nameUser) return false;
    if (f.mediaId != null && e.mediaId !== f.mediaId) return false;
    if (f.mediaId_in != null && !f.mediaId_in.includes(e.mediaId)) return false;
    if (f.type != null && ctx.state.media.get(e.mediaId)?.type !== f.type) return false;
    if (f.status != null && e.status !== f.status) return false;
    if (f.status_in != null && !f.status_in.includes(e.status)) return false;
    if (f.status_not != null && e.status === f.status_not) return false;
    if (f.status_not_in?.includes(e.status) === true) return false;
    return true;
  });
  return sortEntries(matches, f.sort);
}

// ---------------------------------------------------------------------------------------------------------------
// Page

const pageArgsSchema = z.object({ page: int.nullish(), perPage: int.nullish() });
const PAGE_TYPE = assertObjectType(anilistSchema.getType('Page'));
const PAGE_LISTS: Record<string, (args: unknown, ctx: ExecContext) => unknown[]> = {
  media: matchMedia,
  mediaList: matchEntries,
};

/** The fields selected on Page, through fragments (directives are not evaluated). */
function pageSelections(sets: readonly (SelectionSetNode | undefined)[], info: GraphQLResolveInfo): FieldNode[] {
  return sets.flatMap((set) =>
    (set?.selections ?? []).flatMap((sel): FieldNode[] => {
      if (sel.kind === Kind.FIELD) return [sel];
      if (sel.kind === Kind.INLINE_FRAGMENT) return pageSelections([sel.selectionSet], info);
      return pageSelections([info.fragments[sel.name.value]?.selectionSet], info);
    }),
  );
}

function page(args: unknown, ctx: ExecContext, info: GraphQLResolveInfo): GqlObject {
  const a = pageArgsSchema.parse(args);
  const current = Math.max(1, a.page ?? 1);
  // "The amount of entries per page, max 50": larger values are capped, not refused.
  const perPage = Math.min(50, Math.max(1, a.perPage ?? 50));
  const slice = <T>(items: T[]) => items.slice((current - 1) * perPage, current * perPage);

  // pageInfo may be selected before the list it describes, so the list's total is worked out up front from the
  // first list field in the selection, with that field's own arguments.
  const listNode = pageSelections(info.fieldNodes.map((n) => n.selectionSet), info).find((n) => n.name.value in PAGE_LISTS);
  let total = 0;
  if (listNode !== undefined) {
    const name = listNode.name.value;
    const def = PAGE_TYPE.getFields()[name];
    const match = PAGE_LISTS[name];
    if (def !== undefined && match !== undefined) total = match(getArgumentValues(def, listNode, info.variableValues), ctx).length;
  }
  return {
    pageInfo: {
      total,
      perPage,
      currentPage: current,
      lastPage: Math.max(1, Math.ceil(total / perPage)),
      hasNextPage: current * perPage < total,
    },
    media: (args: unknown) => slice(matchMedia(args, ctx)).map((m) => mediaObject(m, ctx)),
    mediaList: (args: unknown) => slice(matchEntries(args, ctx)).map((e) => entryObject(e, ctx)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// MediaListCollection

const collectionArgsSchema = z.object({
  userId: int.nullish(),
  userName: z.string().nullish(),
  type: z.enum(MEDIA_TYPES).nullish(),
  status: status.nullish(),
  status_in: z.array(status.nullable()).nullish(),
  status_not: status.nullish(),
  status_not_in: z.array(status.nullable()).nullish(),
  sort: z.array(z.string().nullable()).nullish(),
  chunk: int.nullish(),
  perChunk: int.nullish(),
  forceSingleCompletedList: z.boolean().nullish(),
});

/** AniList returns at most the 11,000 most recently updated entries (API-FACTS §A Schema facts). */
const COLLECTION_CAP = 11_000;

function mediaListCollection(args: unknown, ctx: ExecContext): GqlObject {
  const a = collectionArgsSchema.parse(args);
  // "User ID and Media Type arguments required" (schema description). The user is never taken from the token.
  if (a.userId == null && a.userName == null) {
    throw validationFailed({ userId: ['The user id field is required when user name is not present.'] });
  }
  if (a.type == null) throw validationFailed({ type: ['The type field is required.'] });
  const user = a.userId != null ? ctx.state.users.get(a.userId) : userByName(a.userName ?? '', ctx);
  if (user === undefined) throw notFound();

  const entries = matchEntries({ userId: user.id, type: a.type, status: a.status, status_in: a.status_in, status_not: a.status_not, status_not_in: a.status_not_in }, ctx);
  const recent = sortEntries(entries, ['UPDATED_TIME_DESC']).slice(0, COLLECTION_CAP);
  // Chunks are cut from a stable order (entry id unless `sort` says otherwise), so paging through them while
  // nothing changes yields every entry exactly once.
  const ordered = sortEntries(recent, a.sort);
  let chunkEntries = ordered;
  let hasNextChunk = false;
  if (a.chunk != null || a.perChunk != null) {
    const perChunk = Math.min(500, Math.max(1, a.perChunk ?? 500));
    const chunk = Math.max(1, a.chunk ?? 1);
    chunkEntries = ordered.slice((chunk - 1) * perChunk, chunk * perChunk);
    hasNextChunk = chunk * perChunk < ordered.length;
  }
  return {
    lists: groupEntries(chunkEntries, user, a.type, a.forceSingleCompletedList === true, ctx),
    hasNextChunk,
    user: userObject(user, ctx),
  };
}

// ---------------------------------------------------------------------------------------------------------------

const userArgsSchema = z.object({ id: int.nullish(), name: z.string().nullish() });

export const queryRoot: Record<string, (args: unknown, ctx: ExecContext, info: GraphQLResolveInfo) => unknown> = {
  Viewer: (_args, ctx) => {
    // Observed: HTTP 200, data.Viewer null, "Unauthorized." with status 401 (API-FACTS §A Errors).
    if (ctx.viewer === null) throw unauthorized(200);
    return userObject(ctx.viewer, ctx);
  },
  User: (args, ctx) => {
    const a = userArgsSchema.parse(args);
    const user = a.id != null ? ctx.state.users.get(a.id) : a.name != null ? userByName(a.name, ctx) : undefined;
    if (user === undefined) throw notFound();
    return userObject(user, ctx);
  },
  Media: (args, ctx) => {
    const media = matchMedia(args, ctx)[0];
    if (media === undefined) throw notFound();
    return mediaObject(media, ctx);
  },
  Page: page,
  MediaList: (args, ctx) => {
    const entry = matchEntries(args, ctx)[0];
    if (entry === undefined) throw notFound();
    return entryObject(entry, ctx);
  },
  MediaListCollection: mediaListCollection,
};
