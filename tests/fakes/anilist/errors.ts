/**
 * Errors a resolver throws, carrying AniList's error-object fields (API-FACTS §A Errors). graphql-js wraps them in
 * a GraphQLError; `http.ts` unwraps `originalError` to build AniList's body and HTTP status.
 */
export interface AniListErrorOptions {
  /** HTTP status of the whole response when this is the first error; defaults to `status`. */
  httpStatus?: number;
  /** Laravel-style field → messages map, for `message: "validation"`. */
  validation?: Record<string, string[]>;
  /** Whether the error object lists `locations` (the captured Unauthorized and validation shapes do not). */
  locations?: boolean;
}

export class AniListError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly options: AniListErrorOptions = {},
  ) {
    super(message);
    this.name = 'AniListError';
  }
}

/** Observed: `{"message":"Not Found.","status":404}` with HTTP 404 and `data: {<field>: null}`. */
export function notFound(): AniListError {
  return new AniListError('Not Found.', 404);
}

/**
 * Observed for `Viewer` without a token: HTTP 200, `{"message":"Unauthorized.","status":401}`. Mutations without a
 * token are not captured; the fake answers them with HTTP 401 so a client's "log in again" path is exercised.
 */
export function unauthorized(httpStatus: 200 | 401): AniListError {
  return new AniListError('Unauthorized.', 401, { httpStatus, locations: false });
}

/** Documented: `{"message":"validation","status":400,"validation":{"score":["The score may not be greater than 100."]}}`. */
export function validationFailed(validation: Record<string, string[]>): AniListError {
  return new AniListError('validation', 400, { validation, locations: false });
}
