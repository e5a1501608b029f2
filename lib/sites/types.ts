/** The contract of a reader-site adapter (STYLE.md: one file per site, pure functions of the page). */

/** What an adapter found on a page. Numbers are already validated: finite, non-negative, of sane size. */
export interface DetectedPage {
  /** Adapter id that produced this detection (`mangadex`, …). */
  site: string;
  /** The site's own stable key for the series (e.g. the MangaDex manga UUID). */
  seriesKey: string;
  /** Series title as the page shows it. */
  title: string;
  /** The site's own id for the chapter, when it has one (e.g. the MangaDex chapter UUID). */
  chapterKey: string | null;
  /** Chapter number, decimals allowed (12.5); null for a oneshot or an unnumbered extra. */
  chapter: number | null;
  /** Volume number when the page names it. */
  volume: number | null;
  /** Page position within the chapter, when the reader shows one. */
  progress: { page: number; pages: number } | null;
  /** Tracker ids the page itself offers (never guessed). */
  externalIds: { anilist?: number; mal?: number; kitsu?: string };
}

/**
 * The reader server's own API, as seen from its page (same origin, the page's own login). Only self-hosted
 * adapters get one: their single-page readers show a chapter title but not its number.
 */
export interface ServerApi {
  /** GETs a same-origin path (e.g. `/api/v1/books/ID`) and returns the parsed JSON; rejects on non-2xx or non-JSON. */
  getJson(path: string, headers?: Record<string, string>): Promise<unknown>;
  /** Reads the page's own localStorage (where Kuroibara and Kavita keep their login token), or null. */
  storedItem(key: string): string | null;
}

export interface SiteAdapter {
  /** Stable id, persisted in per-site settings: never rename. */
  id: string;
  /** Name shown in the Sites tab. */
  name: string;
  /**
   * Match patterns (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns) of pages it
   * reads. Empty for self-hosted server software, which reads the origins the user adds in Sites.
   */
  matches: string[];
  /** Server software people host themselves (Komga, Kavita, …): runs only on origins the user added. */
  selfHosted?: boolean;
  /** Cheap URL test: is this URL a chapter page of this site? */
  isChapterUrl(url: URL): boolean;
  /** Images of a long-strip reader, for "90% scrolled past" when the page shows no page counter. */
  stripImages?: string;
  /**
   * Reads the page. Pure: depends only on `doc` and `url`. Returns null while the page does not (yet) show
   * a chapter, so the caller can wait for the reader to render; never guesses a chapter it cannot see.
   */
  detect(doc: Document, url: URL): DetectedPage | null;
  /**
   * For readers whose page does not print what we need (self-hosted SPAs): asks the server's own API. Called
   * instead of `detect` when present; resolves to null when the page is not a chapter or the answer is not
   * usable. Everything it returns is validated like `detect`'s result.
   */
  load?(doc: Document, url: URL, api: ServerApi): Promise<DetectedPage | null>;
}

/** Where an adapter runs, without its detection code: what the background and the Sites tab need. */
export type SiteInfo = Pick<SiteAdapter, 'id' | 'name' | 'matches' | 'selfHosted'>;
