/**
 * Every GraphQL document the extension sends to AniList, and nothing else: the contract test validates each one
 * (and a save batch at its cap) against the real schema, `shared/reference/anilist.graphqls`.
 */
import { SEARCH_LIMIT } from '../search';
import type { SaveVariables } from './mapping';

/** What the extension needs of a manga (`RemoteMedia`). */
const MEDIA_FIELDS = 'id idMal title { romaji english native userPreferred } synonyms chapters volumes siteUrl';

/**
 * What the extension needs of a list entry (`RemoteEntry`). The score is forced to POINT_100 so reading never
 * depends on the user's ScoreFormat (API-FACTS §A Schema facts: `score(format)`).
 */
const ENTRY_FIELDS = `id mediaId status score(format: POINT_100) progress progressVolumes repeat private notes
    startedAt { year month day } completedAt { year month day } updatedAt
    media { ${MEDIA_FIELDS} }`;

/** Largest chunk MediaListCollection serves (API-FACTS §A: perChunk ≤ 500). */
export const COLLECTION_CHUNK_SIZE = 500;
/** Largest Page AniList serves (API-FACTS §A: perPage ≤ 50). */
export const PAGE_SIZE = 50;

export const VIEWER = `query Viewer {
  Viewer { id name mediaListOptions { scoreFormat } }
}`;

/**
 * The whole manga list, one chunk at a time. The user is never taken from the token, so `userId` is required;
 * `forceSingleCompletedList` keeps the user's "split completed by format" option from splitting the answer.
 * Custom lists repeat entries, which the client de-duplicates by entry id (API-FACTS §A Schema facts).
 */
export const LIST_COLLECTION = `query MangaListChunk($userId: Int!, $chunk: Int!) {
  MediaListCollection(userId: $userId, type: MANGA, chunk: $chunk, perChunk: ${COLLECTION_CHUNK_SIZE}, forceSingleCompletedList: true) {
    hasNextChunk
    lists { entries { ${ENTRY_FIELDS} } }
  }
}`;

/** Entries newest-updated first, for incremental pulls: the client pages until it passes `since`. */
export const RECENT_ENTRIES = `query RecentMangaEntries($userId: Int!, $page: Int!) {
  Page(page: $page, perPage: ${PAGE_SIZE}) {
    pageInfo { hasNextPage }
    mediaList(userId: $userId, type: MANGA, sort: [UPDATED_TIME_DESC]) { ${ENTRY_FIELDS} }
  }
}`;

/** One entry by media; AniList answers 404 "Not Found." when it is not on the list. */
export const ENTRY = `query MangaEntry($userId: Int!, $mediaId: Int!) {
  MediaList(userId: $userId, mediaId: $mediaId, type: MANGA) { ${ENTRY_FIELDS} }
}`;

/**
 * Title search for `searchManga`: everything a `MangaCandidate` holds. `type: MANGA` still includes light novels
 * (format NOVEL), which the client leaves out; SEARCH_MATCH puts the closest titles first.
 */
export const SEARCH_MANGA = `query SearchMangaCandidates($search: String!) {
  Page(perPage: ${SEARCH_LIMIT}) {
    media(search: $search, type: MANGA, sort: [SEARCH_MATCH]) {
      id idMal title { romaji english native } synonyms chapters volumes format startDate { year } siteUrl
    }
  }
}`;

export const MEDIA_BY_ID = `query MangaById($id: Int!) {
  Media(id: $id, type: MANGA) { ${MEDIA_FIELDS} }
}`;

/** `type: MANGA` is required: anime and manga MAL ids overlap (API-FACTS §A Schema facts). */
export const MEDIA_BY_MAL_ID = `query MangaByMalId($idMal: Int!) {
  Media(idMal: $idMal, type: MANGA) { ${MEDIA_FIELDS} }
}`;

/** Takes the list-entry id, not the media id (API-FACTS §A Schema facts). */
export const DELETE_ENTRY = `mutation DeleteMangaEntry($id: Int!) {
  DeleteMediaListEntry(id: $id) { deleted }
}`;

/**
 * The `SaveMediaListEntry` arguments the extension writes, with their GraphQL types. Keyed by `SaveVariables` so
 * the compiler keeps the two in step. The score goes as `scoreRaw` (0–100), never as `score` in the user's format.
 */
const SAVE_ARGUMENT_TYPES: Record<keyof SaveVariables, string> = {
  mediaId: 'Int!',
  status: 'MediaListStatus',
  scoreRaw: 'Int',
  progress: 'Int',
  progressVolumes: 'Int',
  repeat: 'Int',
  private: 'Boolean',
  notes: 'String',
  startedAt: 'FuzzyDateInput',
  completedAt: 'FuzzyDateInput',
};
const SAVE_ARGUMENTS = Object.keys(SAVE_ARGUMENT_TYPES) as (keyof SaveVariables)[];

/**
 * Most `SaveMediaListEntry` aliases in one request. AniList refuses a request costing more than 500 (API-FACTS §A
 * Rate limits) and its cost function is not public. Measured against the fake's graphql-php-style estimate
 * (`tests/fakes/anilist/schema.ts`): each alias costs 10 (mutation) + 1 (field) + 30 (ENTRY_FIELDS with media)
 * = 41, so 12 aliases cost 492 and 13 would cost 533. The contract test recomputes this and the client test
 * sends a full batch through the fake; change ENTRY_FIELDS and both tell you the new cap.
 */
export const SAVE_BATCH_LIMIT = 12;

export const saveAlias = (index: number): string => `m${index}`;
const variableName = (index: number, argument: keyof SaveVariables) => `${saveAlias(index)}_${argument}`;

/**
 * One request saving `writes.length` entries through aliases `m0`, `m1`, … (API-FACTS §A: several mutations in
 * one request via aliases; one failing alias fails the whole request). Every alias declares every argument;
 * variables left out of `variables` are absent arguments, so only the fields present in a write change.
 */
export function saveEntriesRequest(writes: readonly SaveVariables[]): { query: string; variables: Record<string, unknown> } {
  if (writes.length < 1 || writes.length > SAVE_BATCH_LIMIT) {
    throw new RangeError(`An AniList save batch holds 1 to ${SAVE_BATCH_LIMIT} entries, not ${writes.length}.`);
  }
  const declarations: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  writes.forEach((write, i) => {
    declarations.push(...SAVE_ARGUMENTS.map((a) => `$${variableName(i, a)}: ${SAVE_ARGUMENT_TYPES[a]}`));
    const args = SAVE_ARGUMENTS.map((a) => `${a}: $${variableName(i, a)}`).join(', ');
    fields.push(`  ${saveAlias(i)}: SaveMediaListEntry(${args}) { ${ENTRY_FIELDS} }`);
    for (const argument of SAVE_ARGUMENTS) {
      if (write[argument] !== undefined) variables[variableName(i, argument)] = write[argument];
    }
  });
  return { query: `mutation SaveMangaEntries(${declarations.join(', ')}) {\n${fields.join('\n')}\n}`, variables };
}
