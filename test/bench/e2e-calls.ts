import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { type LocalStack, startLocalStack } from '../../tools/local-stack/local-stack';
import type { CallTranscript } from '../../tools/twilio-emulator';
import { twilioEmulatorForLocalStack } from '../../tools/twilio-emulator/local-stack-twilio-api';
import { ALWAYS_OPEN_CONFIG } from '../support/local-stack-process';
import {
  alertPrints,
  type PlayedCall,
  placedCallbackAttempts,
  playMixedCalls,
  printedAlerts,
  repeated,
  storedCalls,
} from '../support/pipeline-counts';
import { type Benchmark, type BenchOptions, count, seconds } from './benchmark';
import { percentile, verdict } from './targets';

/**
 * End to end on the local stack, in this process: `calls` simulated calls of the volume tests' mix
 * (answered; declined with a voicemail and its transcript; busy with a callback booked), from the
 * first webhook to each call's stored outcome and each alert the local stack printed. Everything
 * is counted from outside the pipeline: the simulator's transcripts, the stack's log as it arrives,
 * and a Scan of the table at the end.
 */

/**
 * Calls in flight at once. The simulator waits each call's real ring time (1.1–2 s: the webhook
 * measures a decline's ring time by the clock), so most callers are asleep and 32 offer about
 * 19 calls/s: more than the local stack's queue pollers (one batch at a time per queue) carry here,
 * so the figure reads the pipeline, while the webhooks do not queue behind a growing backlog as
 * they do at 96 or 256 (p99 over 1 s).
 */
const CONCURRENCY = 32;
/** Issue 12's target: 10,000 calls in 60 s, whatever the run's size. */
const TARGET_CALLS_PER_SECOND = 10_000 / 60;
const ALERT_P99_TARGET_MS = 1000;
/** The webhook whose event each alert kind follows from: its latency is counted from that answer. */
const ALERT_CAUSE: Record<string, string> = {
  'missed-call': 'dial action',
  voicemail: 'recording status callback',
  'voicemail-transcript': 'transcription callback',
};
/** With nothing new stored or alerted for this long, what is missing is lost. */
const QUIET_MS = 30_000;
/**
 * Still arriving after this long (or SETTLE_MS_PER_CALL each, if longer): the run cannot be measured.
 * The local stack falls behind the callers, so a longer run leaves a longer backlog.
 */
const SETTLE_TIMEOUT_MS = 600_000;
const SETTLE_MS_PER_CALL = 150;

/**
 * What the stack printed that the figures need, each line timed as it arrived. Only those lines are
 * kept: the rest (every function's log) would grow the very RSS being measured.
 */
class StackLog {
  /** Each alert print, `[alerts] ALERT (…)` with its text. */
  readonly alerts: string[] = [];
  /** First arrival of each alert, by `kind CallSid`: read as each arrives, since the main thread is the stack's. */
  readonly alertArrivals = new Map<string, number>();
  /** Lines the duplicate counts read: the alerter's `Alert published` and the Twilio emulator's callbacks placed. */
  readonly kept: string[] = [];
  /** When each call's `Recorded call-ended` (its final outcome written) arrived, by CallSid. */
  readonly endedAt = new Map<string, number>();
  /** When the last line that stored or alerted something arrived. */
  lastProgressAt = Date.now();

  readonly log = (line: string): void => {
    const at = Date.now();
    if (line.startsWith('[alerts] ALERT (')) {
      this.alerts.push(line);
      for (const { alert } of alertPrints(line))
        if (!this.alertArrivals.has(alert)) this.alertArrivals.set(alert, at);
      this.lastProgressAt = at;
    } else if (line.includes('Alert published') || line.includes('(callback CA')) {
      this.kept.push(line);
    } else if (line.includes('Recorded call-ended')) {
      const callSid = /"call-ended:(CA[0-9a-f]{32})"/.exec(line)?.[1];
      if (callSid) this.endedAt.set(callSid, at);
      this.lastProgressAt = at;
    } else if (line.includes('Recorded ')) {
      this.lastProgressAt = at;
    }
  };

  /** As the volume tests read a child stack's output. */
  output(): string {
    return [...this.alerts, ...this.kept].join('\n');
  }
}

/** The highest RSS of this process (the stack, its Lambda worker threads, the emulators and the callers) sampled every 100 ms. */
function sampleRss(): { peak(): number; stop(): void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

/** What the simulator saw: each webhook's round trip, and when each alert's cause was answered. */
class CallTimings {
  readonly webhookMs: number[] = [];
  readonly causeAt = new Map<string, number>();
  firstSentAt = Number.POSITIVE_INFINITY;

  add(call: PlayedCall, transcript: CallTranscript): void {
    for (const step of transcript.steps) {
      if (step.ms === undefined || step.answeredAt === undefined) continue;
      this.webhookMs.push(step.ms);
      this.firstSentAt = Math.min(this.firstSentAt, step.answeredAt - step.ms);
    }
    for (const alert of call.alerts) {
      const label = ALERT_CAUSE[alert.split(' ')[0]];
      const cause = transcript.steps.find((step) => step.label === label);
      if (cause?.answeredAt !== undefined) this.causeAt.set(alert, cause.answeredAt);
    }
  }
}

async function startStack(stateDir: string, log: (line: string) => void): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    stateDir,
    configFile: ALWAYS_OPEN_CONFIG,
    startTwilioApi: twilioEmulatorForLocalStack().starter({}),
    log,
  });
}

/** Plays the calls with a progress bar, collecting each call's timings. */
async function play(stack: LocalStack, calls: number, timings: CallTimings): Promise<PlayedCall[]> {
  const bar = new SingleBar({
    format: '  calling [{bar}] {value}/{total} calls, {rate} calls/s, {eta}s left',
    etaBuffer: 2000,
  });
  const start = performance.now();
  let done = 0;
  bar.start(calls, 0, { rate: 0 });
  try {
    return await playMixedCalls(stack.info, {
      count: calls,
      concurrency: CONCURRENCY,
      onCall: (call, transcript) => {
        timings.add(call, transcript);
        done += 1;
        bar.update(done, { rate: Math.round(done / ((performance.now() - start) / 1000)) });
      },
    });
  } finally {
    bar.stop();
  }
}

/**
 * Waits until every played call's end is recorded and every expected alert printed, or until
 * nothing has arrived for QUIET_MS (what is missing then is lost); throws if it is still arriving
 * after SETTLE_TIMEOUT_MS.
 */
async function settle(
  stackLog: StackLog,
  played: readonly PlayedCall[],
  log: (line: string) => void,
): Promise<void> {
  const expected = played.flatMap((call) => call.alerts);
  const timeoutMs = Math.max(SETTLE_TIMEOUT_MS, played.length * SETTLE_MS_PER_CALL);
  const deadline = Date.now() + timeoutMs;
  const ended = () => played.filter((call) => stackLog.endedAt.has(call.callSid)).length;
  const alerted = () => expected.filter((alert) => stackLog.alertArrivals.has(alert)).length;
  const progress = () =>
    `${count(ended())}/${count(played.length)} calls ended, ${count(alerted())}/${count(expected.length)} alerts`;
  for (let tick = 1; ended() < played.length || alerted() < expected.length; tick++) {
    if (Date.now() - stackLog.lastProgressAt >= QUIET_MS) return;
    if (Date.now() > deadline)
      throw new Error(`still arriving ${seconds(timeoutMs)} after the calls: ${progress()}`);
    if (tick % 60 === 0) log(`  ${progress()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

interface Counts {
  readonly lostCalls: number;
  readonly lostAlerts: number;
  readonly extraItems: number;
  readonly alertsTwice: number;
  readonly callbacksTwice: number;
}

/**
 * Lost: played calls with no stored item, expected alerts never printed. Duplicated: stored call
 * items no played call accounts for, alerts published twice for one (kind, CallSid), callback
 * attempts placed twice.
 */
async function countOutcomes(stack: LocalStack, stackLog: StackLog, played: readonly PlayedCall[]) {
  const stored = await storedCalls(stack.info);
  const playedSids = new Set(played.map((call) => call.callSid));
  const output = stackLog.output();
  const alerts = printedAlerts(output);
  const printed = new Set(alerts);
  return {
    lostCalls: played.filter((call) => !stored.has(call.callSid)).length,
    lostAlerts: played.flatMap((call) => call.alerts).filter((alert) => !printed.has(alert)).length,
    extraItems: [...stored.keys()].filter((callSid) => !playedSids.has(callSid)).length,
    alertsTwice: alerts.length - printed.size,
    callbacksTwice: repeated(placedCallbackAttempts(output)).length,
  } satisfies Counts;
}

/** The figure line: each figure beside its target. */
function figure(
  calls: number,
  ms: number,
  timings: CallTimings,
  stackLog: StackLog,
  peakRss: number,
  counts: Counts,
) {
  const rate = calls / (ms / 1000);
  const arrivals = stackLog.alertArrivals;
  const alertMs = [...timings.causeAt]
    .filter(([alert]) => arrivals.has(alert))
    .map(([alert, causeAt]) => (arrivals.get(alert) as number) - causeAt);
  const ms0 = (value: number) => `${Math.round(value)} ms`;
  const lost = counts.lostCalls + counts.lostAlerts;
  const duplicated = counts.extraItems + counts.alertsTwice + counts.callbacksTwice;
  const alertP99 = percentile(alertMs, 99);
  return (
    `${count(calls)} calls (${CONCURRENCY} in flight, real ring times) stored and alerted in ${seconds(ms)}: ` +
    `${rate.toFixed(1)} calls/s ${verdict(rate >= TARGET_CALLS_PER_SECOND, `≥ ${TARGET_CALLS_PER_SECOND.toFixed(1)} (10,000 in 60 s)`)}; ` +
    `webhook round trip p50 ${ms0(percentile(timings.webhookMs, 50))}, p99 ${ms0(percentile(timings.webhookMs, 99))} ` +
    `(${count(timings.webhookMs.length)} webhooks); ` +
    `alert p50 ${ms0(percentile(alertMs, 50))}, p99 ${ms0(alertP99)} ${verdict(alertP99 <= ALERT_P99_TARGET_MS, '≤ 1 s')} ` +
    `(${count(alertMs.length)} alerts, from the answer to the webhook that caused it to the alert printed); ` +
    `peak RSS ${Math.round(peakRss / 1024 / 1024)} MB; ` +
    `lost ${lost} ${verdict(lost === 0, '0')} (${counts.lostCalls} calls, ${counts.lostAlerts} alerts); ` +
    `duplicated ${duplicated} ${verdict(duplicated === 0, '0')} ` +
    `(${counts.extraItems} call items, ${counts.alertsTwice} alerts, ${counts.callbacksTwice} callback attempts)`
  );
}

async function run({ calls }: BenchOptions, log: (line: string) => void): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'redial-bench-e2e-'));
  const stackLog = new StackLog();
  const rss = sampleRss();
  const stack = await startStack(stateDir, stackLog.log);
  try {
    log(`e2e-calls: ${count(calls)} calls, ${CONCURRENCY} at a time, on ${stack.info.apiBaseUrl}`);
    const timings = new CallTimings();
    const played = await play(stack, calls, timings);
    const playedAt = Date.now();
    log(`  played in ${seconds(playedAt - timings.firstSentAt)}; waiting for the outcomes and alerts`);
    await settle(stackLog, played, log);
    log(`  settled ${seconds(Date.now() - playedAt)} later`);
    const lastArrival = Math.max(...stackLog.endedAt.values(), ...stackLog.alertArrivals.values());
    const counts = await countOutcomes(stack, stackLog, played);
    return figure(calls, lastArrival - timings.firstSentAt, timings, stackLog, rss.peak(), counts);
  } finally {
    rss.stop();
    await stack.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export const e2eCalls: Benchmark = {
  name: 'e2e-calls',
  summary:
    'simulated calls end to end on the local stack, from the first webhook to the stored outcomes and alerts: 10,000, or --calls',
  run,
};
