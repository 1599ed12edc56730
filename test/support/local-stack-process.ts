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
  readonly info: LocalStackInfo;
  /** The local.json the stack wrote, for tools that read it (`redial calls --local-state`). */
  readonly stateFile: string;
  /** Everything the stack printed so far. */
  output(): string;
  /** Resolves when the output contains `text` (or matches), rejects after `timeoutMs`. */
  waitForOutput(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `npm start`'s program in a child process, as a user would, on a free port with its own
 * state directory. (fauxqs is ESM-only, which Jest's module loader cannot require in-process.)
 */
export async function startLocalStackProcess(
  extraArgs: string[] = [],
  startTimeoutMs = 120_000,
): Promise<LocalStackProcess> {
  // The tests reach the stack's fauxqs queues, whose URLs are on *.localhost hosts.
  resolveLocalhostSubdomains();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'redial-local-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/redial.cjs', 'start', '--port', '0', '--state-dir', stateDir, ...extraArgs],
    { cwd: ROOT, env: { ...process.env, PORT: undefined }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitForOutput = (pattern: string | RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const matches = () => (typeof pattern === 'string' ? output.includes(pattern) : pattern.test(output));
      if (matches()) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`Timed out waiting for ${pattern} in the local stack's output:\n${output.slice(-3000)}`),
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

  await Promise.race([
    waitForOutput('Redial is running locally', startTimeoutMs),
    exited.then(() => {
      throw new Error(`The local stack exited during start:\n${output}`);
    }),
  ]);
  const stateFile = path.join(stateDir, 'local.json');
  return {
    info: readLocalState(stateFile) as LocalStackInfo,
    stateFile,
    output: () => output,
    waitForOutput,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
