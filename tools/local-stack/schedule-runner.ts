/** EventBridge Scheduler's rate() expressions, fired on this machine. */

const UNIT_SECONDS: Record<string, number> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86400,
  days: 86400,
};

/** Seconds between runs of a `rate(N unit)` expression; cron and at() are not run locally. */
export function rateSeconds(expression: string): number {
  const match = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!match) throw new Error(`The local stack runs rate() schedules only, not "${expression}"`);
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

export interface ScheduleRunner {
  stop(): void;
}

/** Fires `run` every period; a run still going when the next is due is not overlapped. */
export function runOnSchedule(periodSeconds: number, run: () => Promise<void>): ScheduleRunner {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await run();
    } finally {
      running = false;
    }
  }, periodSeconds * 1000);
  return { stop: () => clearInterval(timer) };
}
