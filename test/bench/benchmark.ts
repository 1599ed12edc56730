/**
 * What a benchmark is to `npm run bench`: a name to pick it by with `--only`, and a run that
 * measures and hands back its figure as one line. Each is listed in run.ts; a figure may be set
 * beside its target (targets.ts), but a miss never fails the run, so a slow machine never fails a build.
 */

export interface BenchOptions {
  /** How many calls the table holds for the report benchmark (CI runs a short form). */
  readonly stored: number;
  /** How many times each timed step runs; the figure is their median. */
  readonly runs: number;
  /** How many calls e2e-calls plays (CI runs a short form). */
  readonly calls: number;
}

export interface Benchmark {
  readonly name: string;
  readonly summary: string;
  /** Measures, printing progress with `log`, and resolves to the figure in words. */
  run(options: BenchOptions, log: (line: string) => void): Promise<string>;
}

/** The middle of the timings: one slow run (a GC, a JIT warming up) does not move it. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Resolves to how long `work` took, in milliseconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export const count = (n: number) => n.toLocaleString('en-GB');
export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
