/**
 * graphql.anilist.co: one POST endpoint. The order of checks is the order a client meets them in:
 * rate limit → request body → parse + validate against the real schema → complexity → token → execute.
 * Bodies follow API-FACTS §A Errors: request-level errors get `data: null`; field errors keep partial data and
 * the HTTP status of the first error (404 for Not Found), except `Viewer` without a token, observed as HTTP 200.
 */
import {
  defaultFieldResolver,
  executeSync,
  getOperationAST,
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { z } from 'zod';
import type { FakeRequest, FakeResponse } from '../types';
import { AniListError } from './errors';
import { cloneListData, type AniListState } from './model';
import { mutationRoot } from './mutations';
import type { ExecContext } from './objects';
import { queryRoot } from './queries';
import { CORS_HEADERS, takeRequest, TOO_MANY_REQUESTS_BODY } from './rate-limit';
import { anilistSchema, MAX_COMPLEXITY, queryComplexity } from './schema';
import { checkAuthorization } from './tokens';

interface ErrorBody {
  message: string;
  status: number;
  locations?: readonly { line: number; column: number }[];
  validation?: Record<string, string[]>;
}

const ROOT_FIELDS = new Map<string, (args: unknown, ctx: ExecContext, info: GraphQLResolveInfo) => unknown>([
  ...Object.entries(queryRoot),
  ...Object.entries(mutationRoot),
]);

/**
 * Root fields the fake does not model fail loudly with 501 instead of quietly answering null, so a client that
 * starts using a new AniList field gets a clear message here rather than a subtly wrong test.
 */
const fieldResolver: GraphQLFieldResolver<unknown, ExecContext> = (source, args, ctx, info) => {
  const type = info.parentType;
  if (type === anilistSchema.getQueryType() || type === anilistSchema.getMutationType()) {
    const resolve = ROOT_FIELDS.get(info.fieldName);
    if (resolve === undefined) throw new AniListError(`The AniList fake does not implement ${type.name}.${info.fieldName}.`, 501);
    return resolve(args, ctx, info);
  }
  return defaultFieldResolver(source, args, ctx, info);
};

const requestSchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});
type GraphQLRequest = z.output<typeof requestSchema>;

/** JSON is what clients send; a form post and JSON-encoded `variables` are tolerated like graphql-php does. */
function readRequest(req: FakeRequest): GraphQLRequest | null {
  let raw: unknown;
  try {
    raw = (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded') ? Object.fromEntries(req.form()) : req.json();
  } catch {
    return null;
  }
  // JSON-array transport batching is not supported by AniList (API-FACTS §A Schema facts).
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const body: Record<string, unknown> = { ...raw };
  if (typeof body.variables === 'string') {
    try {
      body.variables = JSON.parse(body.variables) as unknown;
    } catch {
      return null;
    }
  }
  const parsed = requestSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

function json(status: number, body: object, headers: Record<string, string>): FakeResponse {
  return { status, headers: { ...headers, 'Content-Type': 'application/json' }, body };
}

function errorBody(error: GraphQLError): ErrorBody {
  const original = error.originalError;
  const locations = error.locations ?? [];
  if (original instanceof AniListError) {
    return {
      message: original.message,
      status: original.status,
      ...(original.options.locations === false ? {} : { locations }),
      ...(original.options.validation === undefined ? {} : { validation: original.options.validation }),
    };
  }
  // A GraphQLError without a path is about the request (bad variables, unknown operation); one with a path is a
  // resolver failure inside the fake itself.
  return { message: error.message, status: error.path === undefined ? 400 : 500, locations };
}

function httpStatusOf(errors: readonly GraphQLError[]): number {
  const first = errors[0]?.originalError;
  if (first instanceof AniListError) return first.options.httpStatus ?? first.status;
  return errors[0]?.path === undefined ? 400 : 500;
}

/** Response keys (alias or name) of the operation's root fields, for `data: {<field>: null}` bodies. */
function rootResponseKeys(document: DocumentNode, set: SelectionSetNode): string[] {
  return set.selections.flatMap((sel) => {
    if (sel.kind === Kind.FIELD) return [sel.alias?.value ?? sel.name.value];
    if (sel.kind === Kind.INLINE_FRAGMENT) return rootResponseKeys(document, sel.selectionSet);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? rootResponseKeys(document, fragment.selectionSet) : [];
  });
}

function preflight(req: FakeRequest): FakeResponse {
  return {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Accept',
      'Access-Control-Max-Age': '86400',
    },
  };
}

/**
 * AniList's answer to a request it will not serve: since about 2026-08-22 every request without a `Referer`
 * (API-FACTS §A "Referer gate"; the body as captured in wuon/openanime #34, 2026-08-22). The same 403 comes when
 * AniList switches its API off for everyone (API-FACTS §A Errors, "API disabled"), so tests inject it for outages.
 */
export const API_DISABLED_BODY = {
  errors: [{ message: 'The AniList API has been temporarily disabled due to severe stability issues.', status: 403 }],
  data: null,
} as const;

/**
 * Any Referer value passes, even `abc`; `Origin` alone does not, and neither User-Agent nor Origin is looked at
 * (API-FACTS §A "Referer gate": a table of header combinations in lawrenceli0228/animego PR #170).
 */
function hasReferer(req: FakeRequest): boolean {
  return (req.headers.referer ?? '').trim() !== '';
}

export function handleGraphQL(state: AniListState, req: FakeRequest, nowMs: number): FakeResponse {
  if (req.method === 'OPTIONS') return preflight(req);
  const path = req.url.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/graphql') {
    return json(404, { data: null, errors: [{ message: 'Not Found.', status: 404 }] }, { ...CORS_HEADERS });
  }
  // The Referer gate comes first: a refused request never reaches the rate limiter or the schema.
  if (!hasReferer(req)) return json(403, API_DISABLED_BODY, { ...CORS_HEADERS });
  const rate = takeRequest(state, nowMs);
  if (!rate.allowed) return json(429, TOO_MANY_REQUESTS_BODY, rate.headers);
  const headers = { ...CORS_HEADERS, ...rate.headers };
  const requestError = (errors: ErrorBody[]) => json(400, { data: null, errors }, headers);

  const request = req.method === 'POST' ? readRequest(req) : null;
  if (request === null) return requestError([{ message: 'Must provide query string.', status: 400 }]);

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    if (error instanceof GraphQLError) return requestError([errorBody(error)]);
    throw error;
  }
  const invalid = validate(anilistSchema, document);
  if (invalid.length > 0) return requestError(invalid.map(errorBody));

  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (operation == null) {
    const message = request.operationName == null
      ? 'Must provide operation name if query contains multiple operations.'
      : `Unknown operation named "${request.operationName}".`;
    return requestError([{ message, status: 400 }]);
  }
  const complexity = queryComplexity(document, operation);
  if (complexity > MAX_COMPLEXITY) {
    return requestError([{ message: `Max query complexity should be ${MAX_COMPLEXITY} but got ${complexity}.`, status: 400 }]);
  }

  const auth = checkAuthorization(state, req.headers.authorization, nowMs);
  if (auth.kind === 'invalid') {
    // Observed: 400 "Invalid token" with every root field null, whatever the query asked (API-FACTS §A Errors).
    const keys = rootResponseKeys(document, operation.selectionSet);
    const first = operation.selectionSet.selections[0]?.loc?.startToken;
    const locations = first === undefined ? [] : [{ line: first.line, column: first.column }];
    return json(
      400,
      { errors: [{ message: 'Invalid token', status: 400, locations }], data: keys.length === 0 ? null : Object.fromEntries(keys.map((k) => [k, null])) },
      headers,
    );
  }

  const isMutation = operation.operation === OperationTypeNode.MUTATION;
  const ctx: ExecContext = {
    state,
    lists: isMutation ? cloneListData(state.lists) : state.lists,
    viewer: auth.kind === 'valid' ? auth.user : null,
    nowMs,
  };
  const result = executeSync({
    schema: anilistSchema,
    document,
    contextValue: ctx,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    fieldResolver,
  });
  const errors = result.errors ?? [];
  if (errors.length === 0) {
    if (isMutation) state.lists = ctx.lists;
    return json(200, { data: result.data ?? null }, headers);
  }
  // A failed mutation request writes nothing, so it reports no partial data either.
  const data = isMutation ? null : (result.data ?? null);
  return json(httpStatusOf(errors), { errors: errors.map(errorBody), data }, headers);
}

