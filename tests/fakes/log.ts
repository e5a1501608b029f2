/**
 * The fake internet's request log: what reached which fake, so tests can assert request counts exactly
 * (TESTING.md §3: counts may be asserted, wall-clock times never).
 */

/** Longest request body kept per entry; longer bodies are cut and flagged. */
export const LOG_BODY_LIMIT = 64 * 1024;

export interface LogEntry {
  /** 1-based order of arrival since the log was last cleared. */
  seq: number;
  /** Fake-clock time (ms since the epoch) when the request arrived. */
  time: number;
  /** Name of the fake that owns the host; `null` when no fake does. */
  service: string | null;
  host: string;
  method: string;
  /** Path plus query string, e.g. `/chapter/…?includes[]=manga`. */
  path: string;
  /** All request headers, lower-case names (repeated headers joined with `, `). Test-only data, kept as sent. */
  headers: Record<string, string>;
  /** Request body as UTF-8, cut at LOG_BODY_LIMIT bytes. */
  body: string;
  bodyTruncated: boolean;
  /** Status sent; `null` when the socket was reset by an injected fault. */
  status: number | null;
  /** Kind of injected fault that shaped the answer, if any. */
  fault?: 'status' | 'delay' | 'reset' | 'malformed';
  /** Message of an exception thrown by the fake (answered with 500). */
  error?: string;
}

export interface LogFilter {
  service?: string;
  host?: string;
  method?: string;
  /** Matches the start of `path` (path plus query). */
  pathPrefix?: string;
}

export interface RequestLog {
  entries(filter?: LogFilter): LogEntry[];
  count(filter?: LogFilter): number;
  clear(): void;
}

/** The log plus the writer half the server uses. */
export interface WritableRequestLog extends RequestLog {
  append(entry: Omit<LogEntry, 'seq'>): LogEntry;
}

export function matchesFilter(entry: Pick<LogEntry, 'service' | 'host' | 'method' | 'path'>, filter: LogFilter): boolean {
  if (filter.service !== undefined && entry.service !== filter.service) return false;
  if (filter.host !== undefined && entry.host !== filter.host.toLowerCase()) return false;
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.pathPrefix !== undefined && !entry.path.startsWith(filter.pathPrefix)) return false;
  return true;
}

export function createRequestLog(): WritableRequestLog {
  let items: LogEntry[] = [];
  let seq = 0;
  return {
    append(entry) {
      seq += 1;
      const full: LogEntry = { seq, ...entry };
      items.push(full);
      return full;
    },
    entries: (filter = {}) => items.filter((e) => matchesFilter(e, filter)).map((e) => structuredClone(e)),
    count: (filter = {}) => items.filter((e) => matchesFilter(e, filter)).length,
    clear() {
      items = [];
      seq = 0;
    },
  };
}

/** Cut a body for the log at LOG_BODY_LIMIT bytes. */
export function logBody(body: Buffer): { body: string; bodyTruncated: boolean } {
  if (body.length <= LOG_BODY_LIMIT) return { body: body.toString('utf8'), bodyTruncated: false };
  return { body: body.subarray(0, LOG_BODY_LIMIT).toString('utf8'), bodyTruncated: true };
}
