/**
 * Every GraphQL document the AniList fake's own tests send. Kept in one place so the contract test can check each
 * against the real schema file: a fake test that passes with a document AniList would refuse proves nothing.
 */

const ENTRY_FIELDS = 'id userId mediaId status score progress progressVolumes repeat private notes updatedAt createdAt';

export const DOCS = {
  viewer: `query Viewer {
  Viewer { id name siteUrl avatar { large medium }
    mediaListOptions { scoreFormat mangaList { customLists sectionOrder splitCompletedSectionByFormat } } }
}`,
  mediaById: `query MediaById($id: Int, $type: MediaType) {
  Media(id: $id, type: $type) {
    id idMal type format status chapters volumes synonyms siteUrl isAdult countryOfOrigin
    title { romaji english native userPreferred }
    mediaListEntry { id status progress }
  }
}`,
  mediaByMalId: `query MediaByMal($idMal: Int, $type: MediaType) { Media(idMal: $idMal, type: $type) { id idMal type title { romaji } } }`,
  search: `query Search($search: String, $page: Int, $perPage: Int) {
  Page(page: $page, perPage: $perPage) {
    pageInfo { hasNextPage total currentPage perPage lastPage }
    media(search: $search, type: MANGA) { id title { romaji english } }
  }
}`,
  mediaByIds: `query ByIds($ids: [Int], $malIds: [Int]) {
  Page(perPage: 50) { pageInfo { hasNextPage total } media(id_in: $ids, idMal_in: $malIds, type: MANGA) { id idMal } }
}`,
  recentEntries: `query Recent($userId: Int, $page: Int, $perPage: Int) {
  Page(page: $page, perPage: $perPage) {
    pageInfo { hasNextPage total }
    mediaList(userId: $userId, type: MANGA, sort: [UPDATED_TIME_DESC]) { id mediaId updatedAt private }
  }
}`,
  entry: `query Entry($id: Int, $userId: Int, $mediaId: Int) { MediaList(id: $id, userId: $userId, mediaId: $mediaId) { ${ENTRY_FIELDS} } }`,
  collection: `query Collection($userId: Int!, $chunk: Int, $perChunk: Int, $force: Boolean) {
  MediaListCollection(userId: $userId, type: MANGA, chunk: $chunk, perChunk: $perChunk, forceSingleCompletedList: $force) {
    hasNextChunk
    user { id name }
    lists { name isCustomList isSplitCompletedList status entries { id mediaId status progress customLists hiddenFromStatusLists } }
  }
}`,
  scores: `query Scores($id: Int) {
  MediaList(id: $id) {
    score p100: score(format: POINT_100) p10d: score(format: POINT_10_DECIMAL) p10: score(format: POINT_10)
    p5: score(format: POINT_5) p3: score(format: POINT_3)
  }
}`,
  save: `mutation Save($id: Int, $mediaId: Int, $status: MediaListStatus, $score: Float, $scoreRaw: Int, $progress: Int,
  $progressVolumes: Int, $repeat: Int, $private: Boolean, $notes: String, $startedAt: FuzzyDateInput, $completedAt: FuzzyDateInput) {
  SaveMediaListEntry(id: $id, mediaId: $mediaId, status: $status, score: $score, scoreRaw: $scoreRaw, progress: $progress,
    progressVolumes: $progressVolumes, repeat: $repeat, private: $private, notes: $notes, startedAt: $startedAt,
    completedAt: $completedAt) {
    ${ENTRY_FIELDS} raw: score(format: POINT_100) startedAt { year month day } completedAt { year month day }
  }
}`,
  delete: `mutation Delete($id: Int) { DeleteMediaListEntry(id: $id) { deleted } }`,
} as const;

export interface BatchItem {
  mediaId: number;
  progress?: number;
  scoreRaw?: number;
}

/**
 * One request saving many entries through aliases `m0`, `m1`, … (API-FACTS §A: several mutations in one request
 * via aliases). Each alias selects six fields, which is what the fake's complexity rule is tuned against.
 */
export function saveBatchDocument(items: readonly BatchItem[]): string {
  const fields = items.map((item, i) => {
    const args = [`mediaId: ${item.mediaId}`];
    if (item.progress !== undefined) args.push(`progress: ${item.progress}`);
    if (item.scoreRaw !== undefined) args.push(`scoreRaw: ${item.scoreRaw}`);
    return `  m${i}: SaveMediaListEntry(${args.join(', ')}) { id mediaId status progress score updatedAt }`;
  });
  return `mutation Batch {\n${fields.join('\n')}\n}`;
}

/** Documents AniList refuses; the fake must refuse them the same way. */
export const INVALID_DOCS = {
  unknownField: `query { Media(id: 30002) {
  id
  chapterCount
} }`,
  wrongArgumentType: `query { Media(id: "thirty") { id } }`,
  syntaxError: `query { Media(id: 30002) { id `,
} as const;
