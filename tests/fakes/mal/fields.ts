/**
 * MAL's `fields` parameter (`num_chapters,list_status{start_date,comments}`) and the views it selects.
 * MAL returns only `id`, `title`, `main_picture` of a work unless more is asked for, and a list edge carries no
 * `list_status` at all unless `fields` names it (API-FACTS §B; spec example `fields=list_status`). The fake is
 * deliberately stingy: optional list-status fields appear only when requested, so a client that forgets to
 * request `start_date` or `comments` finds out here rather than against the real service.
 */
import { mainPicture } from './catalog';
import type { MalManga } from './seed';
import type { MalListStatus, MalUser } from './store';

/** Field name → requested sub-fields (`null` when none were given). */
export type FieldTree = Map<string, FieldTree | null>;

export function parseFields(raw: string | null): FieldTree | null {
  const tree: FieldTree = new Map();
  if (raw === null || raw.trim() === '') return tree;
  let pos = 0;
  const list = (into: FieldTree, closing: boolean): boolean => {
    for (;;) {
      const name = /^\s*([A-Za-z_]+)\s*/.exec(raw.slice(pos));
      if (name === null || name[1] === undefined) return false;
      pos += name[0].length;
      let sub: FieldTree | null = null;
      if (raw[pos] === '{') {
        pos += 1;
        sub = new Map();
        if (!list(sub, true)) return false;
      }
      into.set(name[1], sub);
      while (raw[pos] === ' ') pos += 1;
      if (raw[pos] === ',') {
        pos += 1;
        continue;
      }
      if (closing) {
        if (raw[pos] !== '}') return false;
        pos += 1;
        while (raw[pos] === ' ') pos += 1;
        return true;
      }
      return pos === raw.length;
    }
  };
  return list(tree, false) ? tree : null;
}

/** Always present in a list status (spec example of `MangaListStatus` in a list). */
const DEFAULT_STATUS_FIELDS = ['status', 'is_rereading', 'num_volumes_read', 'num_chapters_read', 'score', 'updated_at'] as const;
/** Present only when requested as sub-fields, e.g. `list_status{start_date,finish_date,num_times_reread,comments}`. */
const OPTIONAL_STATUS_FIELDS = ['start_date', 'finish_date', 'priority', 'num_times_reread', 'reread_value', 'tags', 'comments'] as const;

/** `full` = every field, as `PATCH my_list_status` answers. Unset dates are left out rather than sent as null. */
export function statusView(s: MalListStatus, sub: FieldTree | null, full = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of DEFAULT_STATUS_FIELDS) out[f] = s[f];
  for (const f of OPTIONAL_STATUS_FIELDS) {
    if (!full && sub?.has(f) !== true) continue;
    const value = s[f];
    if (value === null) continue;
    out[f] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

/** Fixed catalogue timestamps: the fake's works never change. */
const WORK_TIMESTAMP = '2008-01-01T00:00:00+00:00';
/** Fields the spec marks "You cannot contain this field in a list." */
const DETAIL_ONLY = ['pictures', 'background', 'related_anime', 'related_manga', 'recommendations', 'serialization'];

export interface NodeContext {
  /** The token's user; `my_list_status` exists only for them (absent with client-id auth or when not listed). */
  user: MalUser | null;
  details: boolean;
  /** How many users of the fake list this work. */
  listUsers: number;
}

export function mangaView(m: MalManga, fields: FieldTree, ctx: NodeContext): Record<string, unknown> {
  const out: Record<string, unknown> = { id: m.id, title: m.title, main_picture: mainPicture(m.id) };
  for (const [name, sub] of fields) {
    if (!ctx.details && DETAIL_ONLY.includes(name)) continue;
    const value = workField(m, name, sub, ctx);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function workField(m: MalManga, name: string, sub: FieldTree | null, ctx: NodeContext): unknown {
  switch (name) {
    case 'alternative_titles':
      return { synonyms: [...(m.alternative_titles?.synonyms ?? [])], en: m.alternative_titles?.en ?? '', ja: m.alternative_titles?.ja ?? '' };
    case 'start_date':
      return m.start_date;
    case 'synopsis':
    case 'background':
      return '';
    case 'nsfw':
    case 'media_type':
    case 'status':
    case 'num_volumes':
    case 'num_chapters':
      return m[name];
    case 'num_list_users':
      return ctx.listUsers;
    case 'num_scoring_users':
      return 0;
    case 'created_at':
    case 'updated_at':
      return WORK_TIMESTAMP;
    case 'genres':
    case 'authors':
    case 'related_anime':
    case 'related_manga':
    case 'recommendations':
    case 'serialization':
      return [];
    case 'pictures':
      return [mainPicture(m.id)];
    case 'my_list_status': {
      const s = ctx.user?.list.get(m.id);
      return s === undefined ? undefined : statusView(s, sub);
    }
    default:
      // Unknown names, and `mean`/`rank`/`popularity` which MAL leaves out when it cannot compute them.
      return undefined;
  }
}
