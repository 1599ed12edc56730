import childProcess, { type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StackWiring, synthesizeWiring } from '../../tools/local-stack/stack-wiring';

/**
 * The CDK app synthesized once per `npm run bench`, as the local stack synthesizes it, into a temp
 * directory: the bundles every Lambda benchmark measures are the ones the stack deploys. Beside
 * the wiring, each esbuild command CDK ran while bundling, so bundle-sizes can run the very same
 * build again with a metafile (which the stack does not ask for) rather than a copy of its options.
 */

/** One esbuild run of CDK's local bundling: the program and arguments it spawned, and where. */
export interface EsbuildCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

export interface SynthesizedStack {
  readonly wiring: StackWiring;
  readonly esbuildCommands: readonly EsbuildCommand[];
  /** A fresh directory inside the bench's temp directory, removed at exit. */
  scratchDir(prefix: string): string;
}

let synthesized: SynthesizedStack | undefined;

/**
 * CDK's NodejsFunction runs esbuild with child_process.spawnSync (looked up at each call), so
 * wrapping it for the synthesis records each command without changing what runs.
 */
function recordingEsbuild<T>(work: () => T): [T, EsbuildCommand[]] {
  const commands: EsbuildCommand[] = [];
  const original = childProcess.spawnSync;
  const recording = (command: string, args?: readonly string[], options?: SpawnSyncOptions) => {
    if (!args?.includes('--bundle')) return original(command, args ?? [], options ?? {});
    commands.push({ command, args: [...args], cwd: String(options?.cwd ?? process.cwd()) });
    // Only where its output goes differs: esbuild's summary would bury the bench's table, and
    // CDK still reports a failed build with what esbuild printed.
    return original(command, args, { ...options, stdio: 'pipe' });
  };
  childProcess.spawnSync = recording as typeof childProcess.spawnSync;
  try {
    return [work(), commands];
  } finally {
    childProcess.spawnSync = original;
  }
}

/** The stack, synthesized at the first call; later calls share it. */
export function synthesizedStack(log: (line: string) => void): SynthesizedStack {
  if (synthesized) return synthesized;
  const dir = mkdtempSync(join(tmpdir(), 'redial-bench-stack-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  log('synthesizing the CDK app (esbuild bundles every function)…');
  const started = performance.now();
  const [wiring, esbuildCommands] = recordingEsbuild(() =>
    synthesizeWiring({ outdir: join(dir, 'cdk.out') }),
  );
  const seconds = (performance.now() - started) / 1000;
  log(`  synthesized ${wiring.functions.length} functions in ${seconds.toFixed(1)} s`);
  synthesized = {
    wiring,
    esbuildCommands,
    scratchDir: (prefix) => mkdtempSync(join(dir, prefix)),
  };
  return synthesized;
}

/** A function's name in the stack, e.g. WebhookApi (the construct under the stack, as the local stack's logs say). */
export function functionName(constructPath: string): string {
  return constructPath.split('/')[1] ?? constructPath;
}
