import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { configuredEndpoints } from '../../tools/local-stack/emulators';
import { type LocalStack, startLocalStack } from '../../tools/local-stack/local-stack';
import type { CallTranscript } from '../../tools/twilio-emulator';
import { twilioEmulatorForLocalStack } from '../../tools/twilio-emulator/local-stack-twilio-api';
import { ALWAYS_OPEN_CONFIG, startEmulatorsProcess } from '../support/local-stack-process';
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
import { cpuMs, peakMemory, resetPeakResident } from './process-usage';
import { percentile, verdict } from './targets';

/**
 * End to end on the local stack, in this process: `calls` simulated calls of the volume tests' mix
 * (answered; declined with a voicemail and its transcript; busy with a callback booked), from the
 * first webhook to each call's stored outcome and each alert the local stack printed. Everything
 * is counted from outside the pipeline: the simulator's transcripts, the stack's log as it arrives,
 * and a Scan of the table at the end.
 */

/**
 * Calls in flight at once. Ring time and pauses are simulated (the Twilio emulator's own clock,
 * which the local API stamps as each request's arrival), so every caller is always sending: more
 * than a handful only queues webhooks behind each other on this machine's two cores.
 */
const CONCURRENCY = 16;
/** Issue 12's target: 10,000 calls in 60 s, whatever the run's size. */
const TARGET_CALLS_PER_SECOND = 10_000 / 60;
const ALERT_P99_TARGET_MS = 1000;
/** The webhook whose event each alert kind follows from: its latency is counted from that answer. */
const ALERT_CAUSE: Record<string, string> = {
  'missed-call': 'dial action',
  voicemail: 'recording status callback',
  'voicemail-transcript': 'transcription callback',
};
/**
 * No call is started after this long, so that `npm run bench` ends in five minutes here whatever
 * `--calls` asks: the figure then says how many of them were played.
 */
const PLAY_BUDGET_MS = 90_000;
/** After the calls, how long the stack has to store and alert the rest of them. */
const SETTLE_BUDGET_MS = 60_000;
/** With nothing new stored or alerted for this long, what is missing is lost. */
const QUIET_MS = 20_000;

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
  /** Callers waiting for their call to be through, by CallSid. */
  private readonly waiting = new Map<string, { call: PlayedCall; resolve: () => void }>();

  readonly log = (line: string): void => {
    const at = Date.now();
    if (line.startsWith('[alerts] ALERT (')) {
      this.alerts.push(line);
      for (const { alert } of alertPrints(line)) {
        if (!this.alertArrivals.has(alert)) this.alertArrivals.set(alert, at);
        this.wakeIfThrough(alert.split(' ')[1]);
      }
      this.lastProgressAt = at;
    } else if (line.includes('Alert published') || line.includes('(callback CA')) {
      this.kept.push(line);
    } else if (line.includes('Recorded call-ended')) {
      const callSid = /"call-ended:(CA[0-9a-f]{32})"/.exec(line)?.[1];
      if (callSid) this.endedAt.set(callSid, at);
      if (callSid) this.wakeIfThrough(callSid);
      this.lastProgressAt = at;
    } else if (line.includes('Recorded ')) {
      this.lastProgressAt = at;
    }
  };

  /** How many of the calls have their end stored. */
  ended(calls: readonly PlayedCall[]): number {
    return calls.filter((call) => this.endedAt.has(call.callSid)).length;
  }

  /** The call's end is stored and every alert it should cause printed. */
  through(call: PlayedCall): boolean {
    return this.endedAt.has(call.callSid) && call.alerts.every((alert) => this.alertArrivals.has(alert));
  }

  /** Resolves once the call is through, or after `timeoutMs` (the count at the end says what is missing). */
  until(call: PlayedCall, timeoutMs: number): Promise<void> {
    if (this.through(call)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(call.callSid);
        resolve();
      }, timeoutMs);
      this.waiting.set(call.callSid, {
        call,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private wakeIfThrough(callSid: string | undefined): void {
    const waiter = callSid === undefined ? undefined : this.waiting.get(callSid);
    if (!waiter || !this.through(waiter.call)) return;
    this.waiting.delete(waiter.call.callSid);
    waiter.resolve();
  }

  /** As the volume tests read a child stack's output. */
  output(): string {
    return [...this.alerts, ...this.kept].join('\n');
  }
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

async function startStack(
  stateDir: string,
  endpoints: Record<string, string>,
  log: (line: string) => void,
): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    stateDir,
    configFile: ALWAYS_OPEN_CONFIG,
    trustSimulatedTime: true,
    endpoints: configuredEndpoints(endpoints),
    startTwilioApi: twilioEmulatorForLocalStack().starter({}),
    log,
  });
}

/**
 * Plays the calls with a progress bar, collecting each call's timings; none started after
 * `deadline`. Each caller starts its next call once its last is through the pipeline (stored and
 * alerted), so CONCURRENCY calls are in flight end to end and the queues never hold a backlog that
 * the figures would then measure instead of the pipeline.
 */
async function play(
  stack: LocalStack,
  stackLog: StackLog,
  calls: number,
  deadline: number,
  timings: CallTimings,
) {
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
      simulatedClock: true,
      deadline,
      onCall: async (call, transcript) => {
        timings.add(call, transcript);
        await stackLog.until(call, QUIET_MS);
        done += 1;
        bar.update(done, { rate: Math.round(done / ((performance.now() - start) / 1000)) });
      },
    });
  } finally {
    bar.stop();
  }
}

/**
 * How waiting for the pipeline ended: everything arrived; nothing arrived for QUIET_MS (what is
 * missing then is lost); or it was still arriving when SETTLE_BUDGET_MS ran out (what is missing
 * is still in the stack's queues, neither lost nor counted).
 */
type Settled = 'complete' | 'quiet' | 'still arriving';

async function settle(
  stackLog: StackLog,
  played: readonly PlayedCall[],
  log: (line: string) => void,
): Promise<Settled> {
  const expected = played.flatMap((call) => call.alerts);
  const deadline = Date.now() + SETTLE_BUDGET_MS;
  const ended = () => stackLog.ended(played);
  const alerted = () => expected.filter((alert) => stackLog.alertArrivals.has(alert)).length;
  for (let tick = 1; ended() < played.length || alerted() < expected.length; tick++) {
    if (Date.now() - stackLog.lastProgressAt >= QUIET_MS) return 'quiet';
    if (Date.now() > deadline) return 'still arriving';
    if (tick % 15 === 0)
      log(
        `  ${count(ended())}/${count(played.length)} calls ended, ${count(alerted())}/${count(expected.length)} alerts`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return 'complete';
}

interface Counts {
  readonly lostCalls: number;
  readonly lostAlerts: number;
  /** Calls (and alerts) not yet through when the bench stopped waiting: not lost, not counted. */
  readonly pendingCalls: number;
  readonly pendingAlerts: number;
  readonly extraItems: number;
  readonly alertsTwice: number;
  readonly callbacksTwice: number;
}

/**
 * Lost: played calls with no stored item, expected alerts never printed (pending instead, when the
 * stack was still working through them). Duplicated: stored call items no played call accounts
 * for, alerts published twice for one (kind, CallSid), callback attempts placed twice.
 */
async function countOutcomes(
  stack: LocalStack,
  stackLog: StackLog,
  played: readonly PlayedCall[],
  settled: Settled,
): Promise<Counts> {
  const stored = await storedCalls(stack.info);
  const playedSids = new Set(played.map((call) => call.callSid));
  const output = stackLog.output();
  const alerts = printedAlerts(output);
  const printed = new Set(alerts);
  const missingCalls = played.filter((call) => !stored.has(call.callSid)).length;
  const missingAlerts = played.flatMap((call) => call.alerts).filter((alert) => !printed.has(alert)).length;
  const lost = settled !== 'still arriving';
  return {
    lostCalls: lost ? missingCalls : 0,
    lostAlerts: lost ? missingAlerts : 0,
    pendingCalls: lost ? 0 : missingCalls,
    pendingAlerts: lost ? 0 : missingAlerts,
    extraItems: [...stored.keys()].filter((callSid) => !playedSids.has(callSid)).length,
    alertsTwice: alerts.length - printed.size,
    callbacksTwice: repeated(placedCallbackAttempts(output)).length,
  };
}

interface Run {
  /** CPU used from the first call to the end of waiting, by the stack's process and the emulators'. */
  readonly cpu: { stack: number; emulators: number };
  readonly asked: number;
  readonly played: readonly PlayedCall[];
  readonly timings: CallTimings;
  readonly stackLog: StackLog;
  readonly peak: { stack: number; emulators: number };
  readonly counts: Counts;
}

/** Calls stored per second, from the first webhook sent to the last outcome or alert arrived. */
function callsPerSecond({ played, timings, stackLog }: Run): { rate: number; ms: number } {
  const ms = Math.max(...stackLog.endedAt.values(), ...stackLog.alertArrivals.values()) - timings.firstSentAt;
  const stored = stackLog.ended(played);
  return { rate: stored / (ms / 1000), ms };
}

const ms0 = (value: number) => `${Math.round(value)} ms`;

function callsFigure(run: Run): string {
  const { rate, ms } = callsPerSecond(run);
  const { asked, played, counts } = run;
  const ofAsked =
    played.length < asked
      ? `${count(played.length)} of ${count(asked)} calls (no call started after ${seconds(PLAY_BUDGET_MS)})`
      : `${count(played.length)} calls`;
  const pending =
    counts.pendingCalls + counts.pendingAlerts > 0
      ? `, ${count(counts.pendingCalls)} calls and ${count(counts.pendingAlerts)} alerts still queued when the bench stopped waiting ${seconds(SETTLE_BUDGET_MS)} after them`
      : '';
  return (
    `${ofAsked} (${CONCURRENCY} in flight, simulated ring times) stored and alerted in ${seconds(ms)}${pending}: ` +
    `${rate.toFixed(1)} calls/s ${verdict(rate >= TARGET_CALLS_PER_SECOND, `≥ ${TARGET_CALLS_PER_SECOND.toFixed(1)} (10,000 in 60 s)`)}`
  );
}

function latencyFigure({ timings, stackLog }: Run): string {
  const arrivals = stackLog.alertArrivals;
  const alertMs = [...timings.causeAt]
    .filter(([alert]) => arrivals.has(alert))
    .map(([alert, causeAt]) => (arrivals.get(alert) as number) - causeAt);
  const alertP99 = percentile(alertMs, 99);
  const alerts =
    alertMs.length === 0
      ? 'no alert arrived to time'
      : `alert p50 ${ms0(percentile(alertMs, 50))}, p99 ${ms0(alertP99)} ${verdict(alertP99 <= ALERT_P99_TARGET_MS, '≤ 1 s')} ` +
        `(${count(alertMs.length)} alerts, from the answer to the webhook that caused it to the alert printed)`;
  return (
    `webhook round trip p50 ${ms0(percentile(timings.webhookMs, 50))}, p99 ${ms0(percentile(timings.webhookMs, 99))} ` +
    `(${count(timings.webhookMs.length)} webhooks); ${alerts}`
  );
}

/** CPU a call costs on this machine, and so the most calls a second its cores could carry. */
function cpuFigure(run: Run): string {
  const stored = run.stackLog.ended(run.played);
  const perCall = (ms: number) => ms / Math.max(stored, 1);
  const total = perCall(run.cpu.stack + run.cpu.emulators);
  const cores = availableParallelism();
  return (
    `CPU ${Math.round(total)} ms a call (stack ${Math.round(perCall(run.cpu.stack))}, emulators ${Math.round(perCall(run.cpu.emulators))}): ` +
    `at most ${((cores * 1000) / total).toFixed(0)} calls/s on ${cores} cores`
  );
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function countsFigure({ counts, peak }: Run): string {
  const lost = counts.lostCalls + counts.lostAlerts;
  const duplicated = counts.extraItems + counts.alertsTwice + counts.callbacksTwice;
  return (
    `peak memory ${mb(peak.stack + peak.emulators)} MB (stack ${mb(peak.stack)}, emulators ${mb(peak.emulators)}); ` +
    `lost ${lost} ${verdict(lost === 0, '0')} (${counts.lostCalls} calls, ${counts.lostAlerts} alerts); ` +
    `duplicated ${duplicated} ${verdict(duplicated === 0, '0')} ` +
    `(${counts.extraItems} call items, ${counts.alertsTwice} alerts, ${counts.callbacksTwice} callback attempts)`
  );
}

async function run({ calls }: BenchOptions, log: (line: string) => void): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'redial-bench-e2e-'));
  const stackLog = new StackLog();
  resetPeakResident();
  // The emulators in a process of their own (`redial emulators`): the table and queues on one
  // core, the stack's gateway, pollers, Lambda workers and the callers on the other.
  const emulators = await startEmulatorsProcess();
  const stack = await startStack(stateDir, emulators.env, stackLog.log).catch(async (error) => {
    await emulators.stop();
    throw error;
  });
  try {
    log(`e2e-calls: ${count(calls)} calls, ${CONCURRENCY} at a time, on ${stack.info.apiBaseUrl}`);
    const timings = new CallTimings();
    const cpuBefore = cpuMs(emulators.pid);
    const played = await play(stack, stackLog, calls, Date.now() + PLAY_BUDGET_MS, timings);
    const playedAt = Date.now();
    log(
      `  played ${count(played.length)} in ${seconds(playedAt - timings.firstSentAt)}; waiting for the outcomes and alerts`,
    );
    const settled = await settle(stackLog, played, log);
    const cpuAfter = cpuMs(emulators.pid);
    const cpu = {
      stack: cpuAfter.stack - cpuBefore.stack,
      emulators: cpuAfter.emulators - cpuBefore.emulators,
    };
    log(`  ${settled} ${seconds(Date.now() - playedAt)} later`);
    const counts = await countOutcomes(stack, stackLog, played, settled);
    const result: Run = {
      cpu,
      asked: calls,
      played,
      timings,
      stackLog,
      peak: peakMemory(emulators.pid),
      counts,
    };
    return `${callsFigure(result)}; ${latencyFigure(result)}; ${cpuFigure(result)}; ${countsFigure(result)}`;
  } finally {
    await stack.stop();
    await emulators.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export const e2eCalls: Benchmark = {
  name: 'e2e-calls',
  summary:
    'simulated calls end to end on the local stack, from the first webhook to the stored outcomes and alerts: 10,000 (or --calls), none started after 90 s',
  run,
};
