/**
 * Injected faults: the next N requests matching a filter fail in a chosen way, before (or, for `malformed`, after)
 * the fake answers. This is how tests reproduce the failure modes API-FACTS.md lists — 429/403 throttling, 5xx,
 * slow answers, dropped connections and garbage bodies (e.g. MAL's plain-text "Request blocked").
 */
import { z } from 'zod';
import { matchesFilter } from './log';

export const faultSchema = z
  .object({
    service: z.string().min(1).optional(),
    host: z.string().min(1).transform((h) => h.toLowerCase()).optional(),
    method: z.string().min(1).transform((m) => m.toUpperCase()).optional(),
    pathPrefix: z.string().startsWith('/', 'pathPrefix must start with "/"').optional(),
    /** How many matching requests this fault affects; defaults to 1. */
    times: z.number().int().min(1).default(1),
    /** Answer with this status instead of asking the fake. */
    status: z.number().int().min(200).max(599).optional(),
    /** Headers of the injected status answer. */
    headers: z.record(z.string(), z.string()).optional(),
    /** Body of the injected status answer (default empty). */
    body: z.string().optional(),
    /** Wait this long (real time) before answering; alone, the fake then answers normally. */
    delayMs: z.number().int().min(0).max(120_000).optional(),
    /** Destroy the socket without answering. */
    reset: z.boolean().optional(),
    /** Let the fake answer, then cut its body so it is no longer valid JSON. */
    malformed: z.boolean().optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const effects = [f.status !== undefined, f.delayMs !== undefined, f.reset === true, f.malformed === true];
    if (!effects.some(Boolean)) {
      ctx.addIssue({ code: 'custom', message: 'a fault needs at least one of status, delayMs, reset, malformed' });
    }
    const exclusive = [f.status !== undefined, f.reset === true, f.malformed === true].filter(Boolean).length;
    if (exclusive > 1) {
      ctx.addIssue({ code: 'custom', message: 'status, reset and malformed exclude each other' });
    }
    if ((f.headers !== undefined || f.body !== undefined) && f.status === undefined) {
      ctx.addIssue({ code: 'custom', message: 'headers and body only apply together with status' });
    }
  });

export type FaultSpec = z.input<typeof faultSchema>;
export interface Fault extends z.output<typeof faultSchema> {
  id: number;
  /** Matching requests still to be affected. */
  remaining: number;
}

export interface FaultSet {
  /** Validate and add a fault; throws a readable Error on junk (e.g. `times: 0`, no effect, unknown service). */
  add(spec: FaultSpec): Fault;
  list(): Fault[];
  clear(): void;
}

export interface WritableFaultSet extends FaultSet {
  /** `add` for untrusted input (the control API's JSON body). */
  addUnknown(spec: unknown): Fault;
  /** Consume one use of the first live fault matching the request, if any. */
  take(req: { service: string | null; host: string; method: string; path: string }): Fault | undefined;
}

/** zod issues as one readable line: `pathPrefix: must start with "/"; times: …`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function createFaultSet(knownServices: () => readonly string[]): WritableFaultSet {
  let faults: Fault[] = [];
  let nextId = 1;
  const addUnknown = (spec: unknown): Fault => {
    const parsed = faultSchema.safeParse(spec);
    if (!parsed.success) throw new Error(`invalid fault: ${formatZodError(parsed.error)}`);
    const { service } = parsed.data;
    if (service !== undefined && !knownServices().includes(service)) {
      throw new Error(`invalid fault: unknown service "${service}" (known: ${knownServices().join(', ')})`);
    }
    const fault: Fault = { ...parsed.data, id: nextId++, remaining: parsed.data.times };
    faults.push(fault);
    return structuredClone(fault);
  };
  return {
    add: addUnknown,
    addUnknown,
    list: () => faults.map((f) => structuredClone(f)),
    clear() {
      faults = [];
    },
    take(req) {
      const fault = faults.find(
        (f) =>
          f.remaining > 0 &&
          matchesFilter(req, { service: f.service, host: f.host, method: f.method, pathPrefix: f.pathPrefix }),
      );
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining === 0) faults = faults.filter((f) => f !== fault);
      return structuredClone(fault);
    },
  };
}
