import type { SingleBar } from 'cli-progress';

/**
 * Work done so far, for a long read: `done` of `total` items. A command reports it to a bar on a
 * terminal's stderr and to nothing otherwise, so a pipe or a test sees only the answer.
 */
export type Progress = (done: number, total: number) => void;

export const noProgress: Progress = () => {};

/** A bar on stderr when it is a terminal (`what` names the items), and a `stop` for when the work ends. */
export function terminalProgress(what: string): { progress: Progress; stop(): void } {
  if (!process.stderr.isTTY) return { progress: noProgress, stop: () => {} };
  // Loaded only for a terminal: every `redial` command imports this module.
  const { SingleBar: Bar } = require('cli-progress') as { SingleBar: typeof SingleBar };
  const bar = new Bar({
    format: `  reading [{bar}] {value}/{total} ${what}, {eta}s left`,
    stream: process.stderr,
  });
  let started = false;
  return {
    progress: (done, total) => {
      if (!started) bar.start(total, done);
      started = true;
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * `work` on every item, at most `limit` at a time, results in the items' order; `progress` after
 * each. Enough in flight to hide each request's round trip, few enough to stay inside an API's
 * concurrency limit.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  progress: Progress = noProgress,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
      progress(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
