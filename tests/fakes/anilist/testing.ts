/**
 * A GraphQL call for tests that drive the AniList fake's `handle` directly, without the HTTPS server. The general
 * request builder, reply reader and frozen clock live in `../testing.ts`.
 */
import { callFake } from '../testing';
import type { FakeService } from '../types';

export interface GraphQLReply {
  status: number;
  headers: Record<string, string>;
  /** The body as a client would parse it from the wire. */
  body: unknown;
}

/** The Referer the extension's request rule adds (lib/trackers/anilist/referer.ts); the fake refuses requests without one. */
export const EXTENSION_HEADERS: Readonly<Record<string, string>> = { Accept: 'application/json', Referer: 'https://anilist.co/' };

export async function graphql(
  fake: FakeService,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = EXTENSION_HEADERS,
): Promise<GraphQLReply> {
  const reply = await callFake(fake, 'POST', 'https://graphql.anilist.co/', { headers, json: { query, variables }, token });
  return { status: reply.status, headers: reply.headers, body: reply.json() };
}
