/**
 * One history run from start to end: a fresh extension, the commands, the quiet period, the final checks. Shared
 * by the random search (sync-model.test.ts) and the histories it found, kept as they were (histories.test.ts).
 */
import fc from 'fast-check';
import type { Model, ModelCommand } from './commands';
import { Harness, type Check } from './invariants';
import { World, type HistoryParams } from './world';

/** What a run of histories did, for the summary line. */
export interface HistoryTotals {
  histories: number;
  commands: number;
  kills: number;
  skipped: number;
  alarmStorms: number;
}

export const emptyTotals = (): HistoryTotals => ({ histories: 0, commands: 0, kills: 0, skipped: 0, alarmStorms: 0 });

/** A small seeded generator (mulberry32) for the engine's Math.random, so retry jitter replays exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs one history; throws (an InvariantFailure, usually) where it breaks an invariant. */
export async function runHistory(params: HistoryParams & { randomSeed: number }, commands: Iterable<ModelCommand>, checks: Set<Check>, totals = emptyTotals()): Promise<void> {
  const world = await World.create(params, seeded(params.randomSeed));
  const harness = new Harness(world, checks);
  try {
    const model: Model = {};
    await fc.asyncModelRun(() => ({ model, real: harness }), commands);
    await harness.quietPeriod();
    await harness.finalChecks();
  } finally {
    totals.histories += 1;
    totals.commands += harness.stats.commands;
    totals.kills += harness.stats.kills;
    totals.skipped += harness.stats.skipped;
    totals.alarmStorms += world.alarmStorms;
    world.dispose();
  }
}
