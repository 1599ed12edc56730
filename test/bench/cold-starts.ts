import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Benchmark, type BenchOptions, median } from './benchmark';
import { type BenchFunction, startLocalFunctions } from './local-functions';
import { synthesizedStack } from './synthesized-stack';
import { verdict } from './targets';

/**
 * Each function's cold start: a fresh Node 24 process loads its synthesized bundle and serves one
 * invocation (the AWS calls answered by the embedded emulators), timed from spawn to exit. Beside
 * it, bare `node -e ''`: the runs alternate (bare, function, bare, …) so both meet the same
 * machine load, and the figure is the ratio of their medians: what the bundle adds to Node's own
 * start, which on a busy 2-core machine is steadier than milliseconds.
 */

const NODE = join(__dirname, '..', '..', 'node_modules', 'node', 'bin', 'node');
const RUNNER = join(__dirname, 'cold-start.js');
/** At least this many runs of each; more with --runs. */
const MIN_RUNS = 7;
/** The webhook answers while a caller waits; the others work behind a queue or a schedule. */
const WEBHOOK_TARGET = 2;
const OTHER_TARGET = 3;

interface Exit {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node args` with `env` to its exit; how long it took, its status and what it wrote. */
function timedNode(args: readonly string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // The function's log lines, read as Lambda reads them, for its checks.
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stdout, stderr }));
  });
}

interface Phases {
  /** Spawn to exit, as the bench saw it. */
  readonly totalMs: number;
  /** From the process's start until the bundle had loaded (Node's own start included). */
  readonly loadedMs: number;
  /** The first invocation: the handler called until it answered. */
  readonly invocationMs: number;
}

/** One cold start of `fn`; throws unless it handled its event. */
async function coldStart(fn: BenchFunction): Promise<Phases> {
  const args = [RUNNER, fn.wiring.bundle, fn.wiring.handlerExport, JSON.stringify(fn.event())];
  const exit = await timedNode(args, fn.environment);
  const result = /^RESULT (.*)$/m.exec(exit.stderr);
  const phases = /^PHASES (\S+) (\S+)$/m.exec(exit.stderr);
  if (exit.code !== 0 || !result || !phases)
    throw new Error(`${fn.name}'s cold start failed: ${exit.stderr.trim()}`);
  fn.check(JSON.parse(result[1]));
  fn.checkLog(exit.stdout);
  const [loaded, answered] = [Number(phases[1]), Number(phases[2])];
  return { totalMs: exit.ms, loadedMs: loaded, invocationMs: answered - loaded };
}

async function bareNode(): Promise<number> {
  const exit = await timedNode(['-e', ''], { PATH: process.env.PATH ?? '' });
  if (exit.code !== 0) throw new Error(`node -e '' exited ${exit.code}: ${exit.stderr}`);
  return exit.ms;
}

interface ColdStart extends Phases {
  readonly bareMs: number;
}

/** Alternating runs of bare Node and the function; the medians of each (each phase on its own). */
async function measure(fn: BenchFunction, runs: number): Promise<ColdStart> {
  const bare: number[] = [];
  const cold: Phases[] = [];
  for (let run = 0; run < runs; run++) {
    bare.push(await bareNode());
    cold.push(await coldStart(fn));
  }
  const middle = (phase: keyof Phases) => median(cold.map((one) => one[phase]));
  return {
    bareMs: median(bare),
    totalMs: middle('totalMs'),
    loadedMs: middle('loadedMs'),
    invocationMs: middle('invocationMs'),
  };
}

async function run(options: BenchOptions, log: (line: string) => void): Promise<string> {
  if (!existsSync(NODE)) throw new Error(`${NODE} is missing: run npm install`);
  const stack = synthesizedStack(log);
  const local = await startLocalFunctions(stack.wiring);
  const runs = Math.max(MIN_RUNS, options.runs);
  const figures: string[] = [];
  try {
    for (const fn of local.functions) {
      const cold = await measure(fn, runs);
      const ratio = cold.totalMs / cold.bareMs;
      const target = fn.name === 'WebhookApi' ? WEBHOOK_TARGET : OTHER_TARGET;
      const figure = `${fn.name} ${ratio.toFixed(2)}× ${verdict(ratio <= target, `≤ ${target}×`)}`;
      const ms = (value: number) => `${value.toFixed(0)} ms`;
      log(
        `  ${figure} (${ms(cold.totalMs)} against bare Node's ${ms(cold.bareMs)}, medians of ${runs}; ` +
          `bundle loaded at ${ms(cold.loadedMs)}, first invocation ${ms(cold.invocationMs)})`,
      );
      figures.push(figure);
    }
  } finally {
    await local.stop();
  }
  return `bare node = 1: ${figures.join('; ')}`;
}

export const coldStarts: Benchmark = {
  name: 'cold-starts',
  summary: "each function's first invocation in a fresh Node process, against bare node -e ''",
  run,
};
