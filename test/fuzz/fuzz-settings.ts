import type { Parameters } from 'fast-check';

/**
 * One seed for every property of a run, fixed by default so CI fails the same way twice and a
 * failure can be replayed: FUZZ_SEED=<seed> npm run test:fuzz. FUZZ_RUNS scales every property's
 * case count (FUZZ_RUNS=0.1 for a quick look, 10 for a long hunt).
 */
const DEFAULT_SEED = 20261125;

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
const scale = Number(process.env.FUZZ_RUNS ?? 1);
if (!Number.isInteger(FUZZ_SEED) || !(scale > 0)) {
  throw new Error(
    `FUZZ_SEED must be an integer and FUZZ_RUNS a positive number (got ${FUZZ_SEED}, ${scale})`,
  );
}

/** A suite's title with the seed in it, so every report says how to replay it. */
export const fuzzTitle = (name: string) => `${name} (FUZZ_SEED=${FUZZ_SEED}, FUZZ_RUNS=${scale})`;

/** fast-check's parameters for a property meant to run `runs` cases at FUZZ_RUNS=1. */
export function fuzzParameters<T>(runs: number): Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(runs * scale)) };
}
