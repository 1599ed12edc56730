import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Benchmark } from './benchmark';
import { type BenchFunction, startLocalFunctions } from './local-functions';
import { synthesizedStack } from './synthesized-stack';
import { percentile, verdict } from './targets';

/**
 * What each function costs per invocation once warm, in microseconds: its synthesized bundle in a
 * worker thread with the environment the local stack gives it, invoked WARM_UP times, then timed
 * one invocation at a time over INVOCATIONS. AWS is answered in the thread (in-process-aws.js):
 * the SDK's whole request path runs (building, signing, HTTP writing and parsing) but no network
 * and no emulator, whose time would swamp the handler's own. So the figure is Redial's code plus
 * the SDK's, the part a faster network cannot shrink.
 */

const WORKER = join(__dirname, 'warm-invocations.js');
/** The webhook's one AWS call per request, through the SDK alone: the floor its figure stands on. */
const SDK_FLOOR = join(__dirname, 'sqs-send-floor.js');
/** Enough for the JIT to settle and Powertools' secret cache to fill. */
const WARM_UP = 300;
const INVOCATIONS = 2_000;
/** Distinct events each worker cycles through (made beforehand, so making them is never timed). */
const EVENTS = 50;
/** The webhook's budget per request, network aside. */
const WEBHOOK_TARGET_MICROS = 100;

interface Timings {
  readonly first: unknown;
  readonly micros: Float64Array;
  readonly awsCallsPerInvocation: number;
  /** AWS requests the in-process answers could not serve: the handler took an error path. */
  readonly refused: number;
}

/** Runs `fn` (or `bundle` in its environment) warm in a worker of its own; its first answer and each timed invocation. */
function invokeWarm(fn: BenchFunction, secretString: string, bundle = fn.wiring.bundle): Promise<Timings> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      env: fn.environment,
      // The function's log lines: read, as Lambda reads them, and dropped (its answer is checked).
      stdout: true,
      stderr: true,
      workerData: {
        bundle,
        handlerExport: fn.wiring.handlerExport,
        events: Array.from({ length: EVENTS }, () => fn.event()),
        warmUp: WARM_UP,
        invocations: INVOCATIONS,
        secretString,
      },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.once('message', (message: Timings & { error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(`${fn.name} failed warm: ${message.error}`));
      else resolve(message);
    });
    worker.once('error', reject);
  });
}

const micros = (value: number) => `${value.toFixed(0)} µs`;

/** Its p50 and p99, after checking it answered and every AWS request it made was answered. */
function percentiles(fn: BenchFunction, timings: Timings): [number, number] {
  fn.check(timings.first);
  if (timings.refused > 0)
    throw new Error(`${fn.name} made ${timings.refused} AWS request(s) with no in-process answer`);
  return [percentile([...timings.micros], 50), percentile([...timings.micros], 99)];
}

/** One SendMessageBatch through the SDK alone, in the webhook's environment, answered the same way. */
async function sdkFloor(webhook: BenchFunction, secretString: string, log: (line: string) => void) {
  const [p50, p99] = percentiles(webhook, await invokeWarm(webhook, secretString, SDK_FLOOR));
  const figure = `SDK alone (one SendMessageBatch) p50 ${micros(p50)}, p99 ${micros(p99)}`;
  log(`  ${figure}: the webhook's one AWS call, without Redial's code`);
  return figure;
}

async function run(_options: unknown, log: (line: string) => void): Promise<string> {
  const stack = synthesizedStack(log);
  // Only for the environment (resource names, queue URLs). The emulators stop at once, so a
  // request that escaped the in-process answers would fail rather than quietly cross the network.
  const local = await startLocalFunctions(stack.wiring);
  await local.stop();
  const secretString = JSON.stringify(local.twilio);
  const figures: string[] = [];
  for (const fn of local.functions) {
    const timings = await invokeWarm(fn, secretString);
    const [p50, p99] = percentiles(fn, timings);
    const target =
      fn.name === 'WebhookApi'
        ? ` ${verdict(p50 <= WEBHOOK_TARGET_MICROS, `≤ ${micros(WEBHOOK_TARGET_MICROS)}`)}`
        : '';
    const figure = `${fn.name} p50 ${micros(p50)}${target}, p99 ${micros(p99)}`;
    log(
      `  ${figure} (${INVOCATIONS.toLocaleString('en-GB')} invocations after ${WARM_UP} to warm up; ` +
        `${timings.awsCallsPerInvocation.toFixed(1)} AWS requests each)`,
    );
    figures.push(figure);
  }
  const webhook = local.functions.find((fn) => fn.name === 'WebhookApi');
  if (webhook) figures.push(await sdkFloor(webhook, secretString, log));
  return figures.join('; ');
}

export const warmCost: Benchmark = {
  name: 'warm-cost',
  summary: "each function's warm cost per invocation, p50 and p99, with AWS answered in process",
  run,
};
