import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SingleBar } from 'cli-progress';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { BASELINE_DAYS } from '../../lambdas/domain/analytics/spikes';
import type { CallRecord } from '../../lambdas/domain/call-record';
import { runReport } from '../../tools/cli/report-command';
import { type CallTable, callTableClient } from '../../tools/cli/table-target';
import { writeLocalState } from '../../tools/local-stack/state-file';
import { type EmbeddedTable, startEmbeddedTable } from '../support/embedded-table';
import { localStateWithTable } from '../support/local-state-fixture';
import { seededConfig } from '../support/seeded-calls';
import { type Benchmark, type BenchOptions, count, median, seconds, timed } from './benchmark';
import { callHistory } from './call-history';

/**
 * `redial report --since 7d` over a table of 100 days of calls, timed as the CLI runs it: first
 * with only the 21 days it needs stored (the week and its 14-day spike baseline), then with the
 * whole history. The report reads the window's day partitions of the byDay index, so the two
 * should take about as long; a Scan, or a query of every day, would make the second one grow.
 */

/** A Monday at midnight in November–March, when Europe/London is on GMT: local days are UTC days. */
const NOW = new Date('2027-03-01T00:00:00.000Z');
const HISTORY_DAYS = 100;
const PERIOD_DAYS = 7;
const DAY_MS = 86_400_000;
/** Concurrent writes while loading: one at a time, dynalite would take minutes (as the report test found). */
const LOAD_BATCH = 50;

interface Project {
  readonly embedded: EmbeddedTable;
  readonly stateFile: string;
  readonly dir: string;
}

/** The embedded table, and a local stack state that names it and the seeded config, as `redial start` would. */
async function startProject(): Promise<Project> {
  const embedded = await startEmbeddedTable();
  const dir = mkdtempSync(join(tmpdir(), 'redial-bench-'));
  const configFile = join(dir, 'seeded.config.json');
  writeFileSync(configFile, JSON.stringify(seededConfig()));
  const stateFile = join(dir, 'local.json');
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
  writeLocalState(stateFile, { ...localStateWithTable(embedded.tableName, endpoint), configFile });
  return { embedded, stateFile, dir };
}

/** Stores the calls as the recorder does, in parallel batches, with a progress bar; logs the rate. */
async function load(project: Project, calls: readonly CallRecord[], log: (line: string) => void) {
  const store = new DynamoStore(project.embedded.client, project.embedded.tableName);
  const bar = new SingleBar({
    format: '  loading [{bar}] {value}/{total} calls, {rate} calls/s, {eta}s left',
    etaBuffer: 2000,
  });
  bar.start(calls.length, 0, { rate: 0 });
  const ms = await timed(async () => {
    const start = performance.now();
    for (let first = 0; first < calls.length; first += LOAD_BATCH) {
      const batch = calls.slice(first, first + LOAD_BATCH);
      const written = await Promise.all(
        batch.map((call) => store.applyCallChanges({ call, changed: true, notices: [] })),
      );
      // A refused write is a CallSid stored twice: the table would hold fewer calls than it says.
      if (written.includes(false)) throw new Error('a call was refused as already stored');
      const done = first + batch.length;
      bar.update(done, { rate: Math.round(done / ((performance.now() - start) / 1000)) });
    }
  });
  bar.stop();
  log(
    `  loaded ${count(calls.length)} calls in ${seconds(ms)} (${count(Math.round(calls.length / (ms / 1000)))} calls/s)`,
  );
}

/** What the report's DynamoDB queries returned: the proof it reads the window, not the table. */
interface Reads {
  queries: number;
  items: number;
  scans: number;
}

/** The CLI's own table client, counting what each Query returns and any Scan. */
function countingClient(reads: Reads): (table: CallTable) => DynamoDBDocumentClient {
  return (table) => {
    const client = callTableClient(table);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'ScanCommand') reads.scans += 1;
        if (context.commandName === 'QueryCommand') {
          reads.queries += 1;
          reads.items += (result.output as { ScannedCount?: number }).ScannedCount ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'benchReadCounter' },
    );
    return client;
  };
}

/** One `redial report --since 7d --json`, as the CLI runs it; throws unless it reports. */
async function report(stateFile: string, connect?: (table: CallTable) => DynamoDBDocumentClient) {
  const out: string[] = [];
  const err: string[] = [];
  const argv = ['--since', `${PERIOD_DAYS}d`, '--local-state', stateFile, '--json'];
  const code = await runReport(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    connect,
    () => NOW,
  );
  if (code !== 0) throw new Error(`redial report exited ${code}: ${err.join(' ')}`);
  JSON.parse(out.join('\n')); // a report that does not parse was not measured
}

interface Measurement {
  readonly ms: number;
  readonly reads: Reads;
}

/**
 * One report counting what it read, then the median of `runs` timed reports on the CLI's own
 * client. The counted run also warms up (modules loaded, code compiled), which the first timed
 * run would otherwise pay for alone.
 */
async function measure(project: Project, runs: number, log: (line: string) => void): Promise<Measurement> {
  const reads: Reads = { queries: 0, items: 0, scans: 0 };
  await report(project.stateFile, countingClient(reads));
  log(`  read ${count(reads.items)} calls in ${reads.queries} queries, ${reads.scans} scans`);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    times.push(await timed(() => report(project.stateFile)));
    log(`  report ${run + 1}/${runs}: ${seconds(times[run])}`);
  }
  return { ms: median(times), reads };
}

async function run({ stored, runs }: BenchOptions, log: (line: string) => void): Promise<string> {
  const calls = callHistory(stored, { now: NOW, days: HISTORY_DAYS });
  const windowStart = new Date(NOW.getTime() - (PERIOD_DAYS + BASELINE_DAYS) * DAY_MS).toISOString();
  const needed = calls.filter((call) => call.startedAt >= windowStart);
  const rest = calls.filter((call) => call.startedAt < windowStart);
  const neededDays = PERIOD_DAYS + BASELINE_DAYS;
  const project = await startProject();
  try {
    log(`report-100k: ${count(needed.length)} calls of the ${neededDays} days the report needs`);
    await load(project, needed, log);
    const small = await measure(project, runs, log);
    log(
      `report-100k: the other ${count(rest.length)} calls, to ${count(calls.length)} over ${HISTORY_DAYS} days`,
    );
    await load(project, rest, log);
    const full = await measure(project, runs, log);
    return (
      `${PERIOD_DAYS}-day report over ${count(calls.length)} stored calls (${count(full.reads.items)} read): ` +
      `${seconds(full.ms)} (median of ${runs}); with only the ${neededDays} days stored ` +
      `(${count(small.reads.items)} read): ${seconds(small.ms)} (×${(full.ms / small.ms).toFixed(2)})`
    );
  } finally {
    await project.embedded.stop();
    rmSync(project.dir, { recursive: true, force: true });
  }
}

export const report100k: Benchmark = {
  name: 'report-100k',
  summary: 'redial report --since 7d over 100,000 stored calls (--stored), against the 21 days it reads',
  run,
};
