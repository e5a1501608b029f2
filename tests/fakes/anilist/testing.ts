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

export async function graphql(
  fake: FakeService,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLReply> {
  const reply = await callFake(fake, 'POST', 'https://graphql.anilist.co/', { headers: { Accept: 'application/json' }, json: { query, variables }, token });
  return { status: reply.status, headers: reply.headers, body: reply.json() };
}
