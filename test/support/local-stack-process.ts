import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveLocalhostSubdomains } from '../../tools/local-stack/localhost-dns';
import { type LocalStackInfo, readLocalState } from '../../tools/local-stack/state-file';

const ROOT = path.join(__dirname, '..', '..');

/** The test config that is open around the clock, with short callback delays. */
export const ALWAYS_OPEN_CONFIG = 'test/fixtures/always-open.config.json';

/** A date as the example business (London) calls it, e.g. 2026-11-25. */
export const localDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);

/** The always-open config, closed today and tomorrow: the next opening is midnight after tomorrow. */
export function closedConfigFile(): { file: string; reopens: string } {
  const config = JSON.parse(readFileSync(path.join(ROOT, ALWAYS_OPEN_CONFIG), 'utf8'));
  const today = new Date();
  const tomorrow = new Date(today.getTime() + 86_400_000);
  config.closures = [
    { date: localDate(today), name: 'Stocktake' },
    { date: localDate(tomorrow), name: 'Stocktake' },
  ];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'redial-closed-')), 'closed.config.json');
  writeFileSync(file, JSON.stringify(config));
  return { file, reopens: localDate(new Date(today.getTime() + 2 * 86_400_000)) };
}

export interface LocalStackProcess {
  /** What the running stack wrote to local.json (after a restart, the new one's). */
  readonly info: LocalStackInfo;
  /** The local.json the stack wrote, for tools that read it (`redial calls --local-state`). */
  readonly stateFile: string;
  /** Everything the stack printed so far (across restarts). */
  output(): string;
  /** Resolves when the output contains `text` (or matches), rejects after `timeoutMs`. */
  waitForOutput(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /**
   * Kills the stack outright (SIGKILL: nothing gets to finish) and starts it again on the same
   * port, state directory and options; on `redial emulators` (see startEmulatorsProcess) it finds
   * its data and its Twilio account as it left them.
   */
  killAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

/** A child process of ours, its output gathered, waitable for a line. */
function watchedProcess(args: string[], env: NodeJS.ProcessEnv, collected: { output: string }) {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    collected.output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const startedAt = collected.output.length;
  // `from`: where in the output to look (0: all of it, across restarts).
  const waitForOutput = (pattern: string | RegExp, timeoutMs = 20_000, from = 0) =>
    new Promise<void>((resolve, reject) => {
      const matches = () => {
        const text = collected.output.slice(from);
        return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      };
      if (matches()) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`Timed out waiting for ${pattern} in the output:\n${collected.output.slice(-3000)}`),
        );
      }, timeoutMs);
      const check = () => {
        if (!matches()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
    });
  const started = (line: string, timeoutMs: number) =>
    Promise.race([
      waitForOutput(line, timeoutMs, startedAt),
      exited.then(() => {
        throw new Error(`${args.slice(1, 2)} exited during start:\n${collected.output}`);
      }),
    ]);
  return { child, exited, waitForOutput, started };
}

/**
 * Runs `npm start`'s program in a child process, as a user would, on a free port with its own
 * state directory (fauxqs is ESM-only, which Jest's module loader cannot require in-process);
 * `env` adds to the environment (AWS_ENDPOINT_URL_* for emulators of its own).
 */
export async function startLocalStackProcess(
  extraArgs: string[] = [],
  startTimeoutMs = 120_000,
  env: Record<string, string> = {},
): Promise<LocalStackProcess> {
  // The tests reach the stack's fauxqs queues, whose URLs are on *.localhost hosts.
  resolveLocalhostSubdomains();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'redial-local-'));
  const stateFile = path.join(stateDir, 'local.json');
  const collected = { output: '' };
  const launch = async (port: number) => {
    const args = ['bin/redial.cjs', 'start', '--state-dir', stateDir, ...extraArgs, '--port', String(port)];
    const running = watchedProcess(args, { ...process.env, PORT: undefined, ...env }, collected);
    await running.started('Redial is running locally', startTimeoutMs);
    return running;
  };
  let running = await launch(0);
  let info = readLocalState(stateFile) as LocalStackInfo;
  return {
    get info() {
      return info;
    },
    stateFile,
    output: () => collected.output,
    waitForOutput: (pattern, timeoutMs) => running.waitForOutput(pattern, timeoutMs),
    killAndRestart: async () => {
      running.child.kill('SIGKILL');
      await running.exited;
      running = await launch(Number(new URL(info.apiBaseUrl).port));
      info = readLocalState(stateFile) as LocalStackInfo;
    },
    stop: async () => {
      running.child.kill('SIGTERM');
      await running.exited;
    },
  };
}

/** `redial emulators` in a child process: the AWS_ENDPOINT_URL_* that point a stack at it. */
export async function startEmulatorsProcess(): Promise<{
  env: Record<string, string>;
  /** Its process ID (for its peak memory, from /proc). */
  pid: number;
  stop(): Promise<void>;
}> {
  const endpointsFile = path.join(mkdtempSync(path.join(tmpdir(), 'redial-emulators-')), 'emulators.env');
  const running = watchedProcess(
    ['bin/redial.cjs', 'emulators', '--endpoints-file', endpointsFile],
    process.env,
    {
      output: '',
    },
  );
  await running.started('AWS emulators running', 60_000);
  const env = Object.fromEntries(
    readFileSync(endpointsFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return {
    env,
    pid: running.child.pid as number,
    stop: async () => {
      running.child.kill('SIGTERM');
      await running.exited;
    },
  };
}
