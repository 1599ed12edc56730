import { Command, InvalidArgumentError, Option } from 'commander';
import type { Benchmark, BenchOptions } from './benchmark';
import { bundleSizes } from './bundle-sizes';
import { coldStarts } from './cold-starts';
import { e2eCalls } from './e2e-calls';
import { report100k } from './report-100k';
import { warmCost } from './warm-cost';

/**
 * `npm run bench`: Redial's figures, measured on this machine and printed as one table. It fails
 * only when a benchmark cannot measure; the figures are read, never asserted, since they depend
 * on the machine (a figure with a target says `pass` or `miss` beside it).
 * `npm run bench -- --only report-100k --stored 10000` for a short run.
 */

/**
 * Every benchmark, in the order they run and the table prints them. e2e-calls runs first: its
 * memory and CPU figures are this process's, which report-100k's 100,000 calls would otherwise
 * leave holding a large heap.
 */
const BENCHMARKS: readonly Benchmark[] = [e2eCalls, report100k, bundleSizes, coldStarts, warmCost];

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

interface RunValues extends BenchOptions {
  readonly only?: string;
}

function program(): Command {
  return new Command('bench')
    .description(`Measures and prints: ${BENCHMARKS.map((b) => `${b.name} (${b.summary})`).join('; ')}.`)
    .addOption(new Option('--only <name>', 'run one benchmark').choices(BENCHMARKS.map((b) => b.name)))
    .addOption(
      new Option('--stored <n>', 'calls in the table for report-100k')
        .argParser(positiveInteger)
        .default(100_000),
    )
    .addOption(
      new Option('--runs <n>', 'timed runs per figure (cold-starts: at least 7); the median is printed')
        .argParser(positiveInteger)
        .default(3),
    )
    .addOption(
      new Option('--calls <n>', 'simulated calls for e2e-calls').argParser(positiveInteger).default(10_000),
    );
}

/** Runs each chosen benchmark, then prints the table; resolves to the exit status. */
async function runBenchmarks(values: RunValues): Promise<number> {
  const chosen = BENCHMARKS.filter((b) => values.only === undefined || b.name === values.only);
  const rows: [string, string][] = [];
  let status = 0;
  for (const benchmark of chosen) {
    try {
      rows.push([benchmark.name, await benchmark.run(values, console.log)]);
    } catch (error) {
      rows.push([benchmark.name, `could not measure: ${(error as Error).message}`]);
      status = 1;
    }
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log('');
  for (const [name, figure] of rows) console.log(`${name.padEnd(width)}  ${figure}`);
  return status;
}

/**
 * Exits once the output is written, whatever a benchmark left open: one that failed half-way (a
 * local stack that could not finish starting) may leave servers that would keep the run, and
 * CI with it, waiting for ever.
 */
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

async function main(): Promise<number> {
  const command = program().parse(process.argv);
  return runBenchmarks(command.opts<RunValues>());
}

main().then(exit, (error: unknown) => {
  console.error(error);
  exit(1);
});
