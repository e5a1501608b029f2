/**
 * The contract every service fake implements. The fake internet (`server.ts`) owns TLS, Host dispatch,
 * the request log, injected faults and the control API; a service fake owns only its own state and rules.
 */

/** A parsed incoming request, as a service fake sees it. */
export interface FakeRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Host header without port, lower-case (e.g. `graphql.anilist.co`). */
  host: string;
  /** Full URL (`https://<host><path>?<query>`). */
  url: URL;
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
  /** Raw body bytes (empty for GET). */
  body: Buffer;
  /** Body as UTF-8 text. */
  text(): string;
  /** Body parsed as JSON; throws SyntaxError when it is not JSON. */
  json(): unknown;
  /** Body parsed as `application/x-www-form-urlencoded`. */
  form(): URLSearchParams;
}

/** What a service fake answers. Objects in `body` are JSON-encoded by the server. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | object | null;
}

/** Shared services handed to every fake. */
export interface FakeContext {
  /** The fake internet's clock in ms since the epoch; tests can move it with `clock.advance`. */
  clock: FakeClock;
}

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
  /** Back to following the real clock. */
  reset(): void;
}

export interface FakeService {
  /** Stable name used by the control API: `anilist`, `mal`, `kitsu`, `mangadex`. */
  readonly name: string;
  /** Host names this fake answers for (exact, lower-case). */
  readonly hosts: readonly string[];
  handle(req: FakeRequest): FakeResponse | Promise<FakeResponse>;
  /** Replace this fake's state with seed data (validated with zod; throws a readable error on junk). */
  seed(data: unknown): void;
  /** A JSON-serialisable snapshot of the whole state (users, lists, clients, issued tokens), for assertions. */
  state(): unknown;
  /** Back to the empty state. */
  reset(): void;
}
