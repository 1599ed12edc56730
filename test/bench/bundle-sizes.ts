import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark } from './benchmark';
import { type EsbuildCommand, functionName, synthesizedStack } from './synthesized-stack';
import { verdict } from './targets';

/**
 * Each Lambda's minified bundle, as the synthesized stack holds it, and the five packages that
 * take the most of it. The sizes are the cloud assembly's own files. For the contributors, each
 * esbuild command CDK ran is run again with --metafile into a scratch directory; a rerun whose
 * output is not byte for byte one of the stack's bundles is refused, so the breakdown is always
 * of what deploys.
 */

const KB = 1024;
/** The webhook answers Twilio while a caller waits: its cold start (and so its size) matters most. */
const WEBHOOK_TARGET_BYTES = 300 * KB;
const OTHER_TARGET_BYTES = 1024 * KB;
const TOP_CONTRIBUTORS = 5;

interface Metafile {
  readonly outputs: Record<string, { readonly inputs: Record<string, { readonly bytesInOutput: number }> }>;
}

interface Rebuild {
  readonly output: Buffer;
  readonly metafile: Metafile;
}

/** Runs CDK's esbuild command again, writing to `dir` with a metafile; its output and metafile. */
function rebuild(command: EsbuildCommand, dir: string): Rebuild {
  const outfile = join(dir, 'index.js');
  const metafile = join(dir, 'meta.json');
  const args = command.args.map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${outfile}` : arg));
  const run = spawnSync(command.command, [...args, `--metafile=${metafile}`], {
    cwd: command.cwd,
    stdio: 'pipe',
  });
  if (run.status !== 0) throw new Error(`esbuild failed again: ${run.stderr.toString().trim()}`);
  return { output: readFileSync(outfile), metafile: JSON.parse(readFileSync(metafile, 'utf8')) };
}

/** The package an input belongs to (its innermost node_modules folder), or Redial's own code. */
export function packageOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return 'redial';
  const name = parts[at + 1] ?? '';
  return name.startsWith('@') ? `${name}/${parts[at + 2]}` : name;
}

/** Bytes of the output per package, largest first. */
function contributors(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      totals.set(packageOf(input), (totals.get(packageOf(input)) ?? 0) + bytesInOutput);
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
/** A target as it was set: 300 KB, 1 MB. */
const limit = (bytes: number) => (bytes >= KB * KB ? `${bytes / KB / KB} MB` : `${bytes / KB} KB`);

async function run(_options: unknown, log: (line: string) => void): Promise<string> {
  const stack = synthesizedStack(log);
  const rebuilds = stack.esbuildCommands.map((command) => rebuild(command, stack.scratchDir('bundle-')));
  const figures: string[] = [];
  for (const fn of stack.wiring.functions) {
    const name = functionName(fn.constructPath);
    const bytes = statSync(fn.bundle).size;
    const deployed = readFileSync(fn.bundle);
    const same = rebuilds.find((candidate) => candidate.output.equals(deployed));
    if (!same)
      throw new Error(`no esbuild rerun reproduced ${name}'s bundle (did a source change meanwhile?)`);
    const target = name === 'WebhookApi' ? WEBHOOK_TARGET_BYTES : OTHER_TARGET_BYTES;
    const top = contributors(same.metafile)
      .slice(0, TOP_CONTRIBUTORS)
      .map(([pkg, size]) => `${pkg} ${kb(size)}`);
    const judged = verdict(bytes <= target, `≤ ${limit(target)}`);
    log(
      `  ${name}: ${bytes.toLocaleString('en-GB')} bytes, ${judged}; top ${TOP_CONTRIBUTORS}: ${top.join(', ')}`,
    );
    figures.push(`${name} ${kb(bytes)} ${judged}`);
  }
  return figures.join('; ');
}

export const bundleSizes: Benchmark = {
  name: 'bundle-sizes',
  summary: 'each Lambda bundle as synthesized, minified, and its top five packages by bytes',
  run,
};
