/**
 * Root mutation fields: SaveMediaListEntry and DeleteMediaListEntry, for the token's user only.
 * They write to `ctx.lists`, which for a mutation request is a private copy: `http.ts` commits it only when every
 * aliased mutation in the request succeeded, so one failing alias leaves nothing written (API-FACTS §A Schema facts).
 */
import { z } from 'zod';
import { notFound, unauthorized, validationFailed } from './errors';
import { emptyFuzzyDate, MEDIA_LIST_STATUSES, nowSeconds, type FuzzyDate, type ListEntryRecord, type UserRecord } from './model';
import { entryObject, findEntry, type ExecContext } from './objects';
import { formatToRaw, SCORE_FORMAT_MAX } from './scores';

const int = z.number().int();
const fuzzyDateInput = z.object({ year: int.nullish(), month: int.nullish(), day: int.nullish() });

const saveArgsSchema = z.object({
  id: int.nullish(),
  mediaId: int.nullish(),
  status: z.enum(MEDIA_LIST_STATUSES).nullish(),
  score: z.number().nullish(),
  scoreRaw: int.nullish(),
  progress: int.nullish(),
  progressVolumes: int.nullish(),
  repeat: int.nullish(),
  priority: int.nullish(),
  private: z.boolean().nullish(),
  notes: z.string().nullish(),
  hiddenFromStatusLists: z.boolean().nullish(),
  customLists: z.array(z.string().nullable()).nullish(),
  advancedScores: z.array(z.number().nullable()).nullish(),
  startedAt: fuzzyDateInput.nullish(),
  completedAt: fuzzyDateInput.nullish(),
});
type SaveArgs = z.output<typeof saveArgsSchema>;

function requireViewer(ctx: ExecContext): UserRecord {
  if (ctx.viewer === null) throw unauthorized(401);
  return ctx.viewer;
}

/** Laravel's attribute naming in messages: `progressVolumes` → "progress volumes". */
function label(field: string): string {
  return field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

/**
 * The ranges from the schema's argument descriptions, reported in the documented "validation" shape
 * (API-FACTS §A Errors). `score` is checked against the user's own format, e.g. 8.5 is too much for POINT_5.
 */
function validate(a: SaveArgs, viewer: UserRecord, ctx: ExecContext): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] ??= []).push(message);
  const range = (field: keyof SaveArgs, min: number, max: number | null) => {
    const value = a[field];
    if (typeof value !== 'number') return;
    if (value < min) add(field, `The ${label(field)} must be at least ${min}.`);
    if (max !== null && value > max) add(field, `The ${label(field)} may not be greater than ${max}.`);
  };
  if (a.id == null && a.mediaId == null) add('mediaId', 'The media id field is required when id is not present.');
  if (a.id == null && a.mediaId != null && !ctx.state.media.has(a.mediaId)) add('mediaId', 'The selected media id is invalid.');
  range('score', 0, SCORE_FORMAT_MAX[viewer.scoreFormat]);
  range('scoreRaw', 0, 100);
  range('progress', 0, null);
  range('progressVolumes', 0, null);
  range('repeat', 0, 1000);
  range('priority', 0, 255);
  if (a.notes != null && a.notes.length > 6000) add('notes', 'The notes may not be greater than 6000 characters.');
  return problems;
}

function toFuzzyDate(input: SaveArgs['startedAt']): FuzzyDate {
  return input == null ? emptyFuzzyDate() : { year: input.year ?? null, month: input.month ?? null, day: input.day ?? null };
}

function saveMediaListEntry(args: unknown, ctx: ExecContext): unknown {
  const viewer = requireViewer(ctx);
  const a = saveArgsSchema.parse(args);
  const problems = validate(a, viewer, ctx);
  if (Object.keys(problems).length > 0) throw validationFailed(problems);

  const now = nowSeconds(ctx.nowMs);
  let entry: ListEntryRecord | undefined;
  if (a.id != null) {
    entry = ctx.lists.entries.get(a.id);
    // Another user's entry id is as good as unknown: nobody may edit someone else's list.
    if (entry?.userId !== viewer.id) throw notFound();
  } else if (a.mediaId != null) {
    // Passing only mediaId creates or updates the viewer's entry for that media (API-FACTS §A).
    entry = findEntry(ctx.lists, viewer.id, a.mediaId);
    if (entry === undefined) {
      entry = {
        id: ctx.lists.nextEntryId++,
        userId: viewer.id,
        mediaId: a.mediaId,
        // Not captured: the status a new entry gets when none is sent. CURRENT is what a reader would expect.
        status: 'CURRENT',
        scoreRaw: 0,
        progress: 0,
        progressVolumes: 0,
        repeat: 0,
        priority: 0,
        private: false,
        notes: null,
        hiddenFromStatusLists: false,
        customLists: [],
        startedAt: emptyFuzzyDate(),
        completedAt: emptyFuzzyDate(),
        updatedAt: now,
        createdAt: now,
      };
      ctx.lists.entries.set(entry.id, entry);
    }
  }
  if (entry === undefined) throw notFound();

  if (a.status != null) entry.status = a.status;
  // scoreRaw is exact, so it wins over a score in the user's format when both are sent.
  if (a.scoreRaw != null) entry.scoreRaw = a.scoreRaw;
  else if (a.score != null) entry.scoreRaw = formatToRaw(a.score, viewer.scoreFormat);
  if (a.progress != null) entry.progress = a.progress;
  if (a.progressVolumes != null) entry.progressVolumes = a.progressVolumes;
  if (a.repeat != null) entry.repeat = a.repeat;
  if (a.priority != null) entry.priority = a.priority;
  if (a.private != null) entry.private = a.private;
  if (a.notes !== undefined) entry.notes = a.notes;
  if (a.hiddenFromStatusLists != null) entry.hiddenFromStatusLists = a.hiddenFromStatusLists;
  // Only the user's existing custom lists can be enabled; unknown names are dropped.
  if (a.customLists != null) entry.customLists = viewer.customLists.filter((name) => a.customLists?.includes(name));
  // An explicit null (or a date of nulls) clears the date.
  if (a.startedAt !== undefined) entry.startedAt = toFuzzyDate(a.startedAt);
  if (a.completedAt !== undefined) entry.completedAt = toFuzzyDate(a.completedAt);
  entry.updatedAt = now;
  return entryObject(entry, ctx);
}

const deleteArgsSchema = z.object({ id: int.nullish() });

/** Takes the list-entry id, not the media id (API-FACTS §A Schema facts). */
function deleteMediaListEntry(args: unknown, ctx: ExecContext): unknown {
  const viewer = requireViewer(ctx);
  const { id } = deleteArgsSchema.parse(args);
  const entry = id == null ? undefined : ctx.lists.entries.get(id);
  if (entry?.userId !== viewer.id) throw notFound();
  ctx.lists.entries.delete(entry.id);
  return { deleted: true };
}

export const mutationRoot: Record<string, (args: unknown, ctx: ExecContext) => unknown> = {
  SaveMediaListEntry: saveMediaListEntry,
  DeleteMediaListEntry: deleteMediaListEntry,
};
