/**
 * The real AniList schema (`shared/reference/anilist.graphqls`, beside the repository) built once at module load.
 * The fake validates and executes against this exact file, so a field the extension asks for either exists on
 * AniList or fails here too — the fake and the client cannot drift apart together (TESTING.md §1).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** `<checkout>/tests/fakes/anilist/` → `<checkout>/../shared/reference/anilist.graphqls`. */
export const ANILIST_SDL_PATH = fileURLToPath(new URL('../../../../shared/reference/anilist.graphqls', import.meta.url));

export const ANILIST_SDL = readFileSync(ANILIST_SDL_PATH, 'utf8');
export const anilistSchema = buildSchema(ANILIST_SDL);

/** AniList's limit (API-FACTS §A Rate limits: "Max query complexity should be 500 but got 646."). */
export const MAX_COMPLEXITY = 500;

/**
 * Extra cost of each top-level mutation field. The real cost function is not public; this one is chosen so the
 * limit bites where it matters to a client, at batch size: an aliased `SaveMediaListEntry` selecting six fields
 * costs 1 + 6 + 10 = 17, so about 29 such aliases fit in one request and a batch of 30 or more is refused.
 */
export const MUTATION_FIELD_COST = 10;

/**
 * Approximate query complexity, in the style of graphql-php's default (which AniList's Laravel stack uses):
 * every selected field costs 1 plus the cost of its own selection, fragments are expanded in place, and each
 * root mutation field costs `MUTATION_FIELD_COST` more. No list multipliers: ordinary list reads (a Page of 50,
 * a MediaListCollection chunk) stay far below 500, as they do on AniList.
 */
export function queryComplexity(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const cost = (set: SelectionSetNode | undefined, root: boolean): number => {
    let total = 0;
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        total += 1 + cost(sel.selectionSet, false) + (root && operation.operation === OperationTypeNode.MUTATION ? MUTATION_FIELD_COST : 0);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        total += cost(sel.selectionSet, root);
      } else {
        // Validation ran first, so spreads name existing fragments and contain no cycles.
        total += cost(fragments.get(sel.name.value)?.selectionSet, root);
      }
    }
    return total;
  };
  return cost(operation.selectionSet, true);
}
