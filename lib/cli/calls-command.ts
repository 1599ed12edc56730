import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DISPOSITIONS, type Disposition } from '../../lambdas/domain/dispositions';
import type { LocalStackInfo } from '../local/local-stack';
import { LOCAL_STACK_FILE } from '../simulator/local-stack-file';
import { type CliOutput, EXIT } from './audit-twiml';
import { type CallFilter, type CallRow, type CallTable, callTableClient, listCalls } from './call-listing';

/** `redial calls`: lists recent calls from the local stack's table or a deployed one. */

export const CALLS_SUMMARY = 'List recent calls, by agent or disposition, from the local or a deployed table';

export const CALLS_USAGE = `Usage: redial calls [options]

Lists calls newest first. With --agent or --disposition it queries an index and prints one row per
dial leg that matches (a hunt that rang two agents can give two rows); without either it SCANS the
whole table for call summaries, which reads every item: fine locally, slow and costly on a big table.

Options:
  --agent ID             calls that rang this agent (the byAgent index)
  --disposition D        dial legs that ended so (the byDisposition index), one of
                         ${DISPOSITIONS.join(', ')}
  --since WHEN           an ISO date or date-time (local time unless it has a zone), or 15m, 2h, 7d
                         before now (default 24h)
  --limit N              at most N rows (default 50)
  --json                 print one JSON array instead of a table
  --table NAME           a deployed stack's table, reached with the AWS SDK's usual credentials
  --region REGION        its region (default AWS_REGION)
  --local-state FILE     the local stack's state file (default ${LOCAL_STACK_FILE})
  -h, --help             show this help

Exit status: 0 listed (even if nothing matched), 2 a bad option, no local stack, or an AWS error.`;

const consoleOutput: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** A problem with the command line; its message is followed by a pointer to --help. */
class UsageError extends Error {}

type Invocation = { help: true } | { help: false; table: CallTable; filter: CallFilter; json: boolean };

export async function runCalls(argv: string[], output: CliOutput = consoleOutput): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    const hint = error instanceof UsageError ? ' (see redial calls --help)' : '';
    output.err(`redial calls: ${messageOf(error)}${hint}`);
    return EXIT.trouble;
  }
  if (invocation.help) {
    output.out(CALLS_USAGE);
    return EXIT.clean;
  }
  const { table, filter, json } = invocation;
  let rows: CallRow[];
  try {
    rows = await listCalls(callTableClient(table), table.name, filter);
  } catch (error) {
    const stopped = table.endpoint !== undefined && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
    output.err(`redial calls: ${messageOf(error)}${stopped ? '; start the local stack with npm start' : ''}`);
    return EXIT.trouble;
  }
  if (json) output.out(JSON.stringify(rows.map(jsonRow), null, 2));
  else for (const line of tableLines(rows, filter.since)) output.out(line);
  return EXIT.clean;
}

function parseInvocation(argv: string[]): Invocation {
  let values: Values;
  try {
    ({ values } = parseOptions(argv));
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  if (values.help) return { help: true };
  const filter: CallFilter = {
    agent: nonEmpty(values.agent, '--agent'),
    disposition: values.disposition === undefined ? undefined : parseDisposition(values.disposition),
    since: parseSince(values.since),
    limit: parseLimit(values.limit),
  };
  return { help: false, table: chooseTable(values), filter, json: values.json };
}

type Values = ReturnType<typeof parseOptions>['values'];

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      agent: { type: 'string' },
      disposition: { type: 'string' },
      since: { type: 'string', default: '24h' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
      table: { type: 'string' },
      region: { type: 'string' },
      'local-state': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

function parseDisposition(value: string): Disposition {
  const known = DISPOSITIONS.find((disposition) => disposition === value);
  if (!known) throw new UsageError(`unknown disposition "${value}"; use one of ${DISPOSITIONS.join(', ')}`);
  return known;
}

function parseLimit(value: string): number {
  if (!/^[1-9]\d*$/.test(value))
    throw new UsageError(`--limit must be a whole number above 0, not "${value}"`);
  return Number(value);
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `2h`, `7d` before `now`, or an ISO date (local midnight) or date-time. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]]);
  // JavaScript reads a bare date as UTC but a bare date-time as local; local midnight is less surprising.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00` : value;
  const date = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(date.getTime()))
    throw new UsageError(`--since must be an ISO date or date-time, or like 15m, 2h, 7d; not "${value}"`);
  return date;
}

function chooseTable(values: Values): CallTable {
  if (values.table === undefined) {
    if (values.region !== undefined) throw new UsageError('--region goes with --table');
    return localTable(values['local-state'] ?? LOCAL_STACK_FILE);
  }
  if (values['local-state'] !== undefined) throw new UsageError('give --table or --local-state, not both');
  const name = nonEmpty(values.table, '--table') as string;
  return { name, region: values.region ?? process.env.AWS_REGION };
}

/** The local stack's table, from the state file `npm start` writes. */
export function localTable(stateFile: string): CallTable {
  let text: string;
  try {
    text = readFileSync(stateFile, 'utf8');
  } catch {
    throw new Error(`no ${stateFile}: start the local stack with npm start, or pass --table`);
  }
  try {
    const info = JSON.parse(text) as LocalStackInfo;
    const table = { name: info.resources.table, region: info.region, endpoint: info.endpoints.dynamodb };
    if (Object.values(table).every((value) => typeof value === 'string'))
      return { ...table, credentials: info.credentials };
  } catch {
    // Not JSON, or not shaped like LocalStackInfo: both mean the same to the user.
  }
  throw new Error(`${stateFile} is not a local stack state file; restart the local stack with npm start`);
}

/** The SDK wraps some network errors (fetch's "connect ECONNREFUSED …") in a cause. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || (error.cause instanceof Error ? error.cause.message : error.name);
}

const orNull = <T>(value: T | undefined) => value ?? null;

function jsonRow(row: CallRow) {
  return {
    time: row.time,
    from: orNull(row.from),
    to: orNull(row.to),
    agentId: orNull(row.agentId),
    disposition: orNull(row.disposition),
    sipResponseCode: orNull(row.sipResponseCode),
    ringSeconds: orNull(row.ringSeconds),
    callerNextStep: orNull(row.callerNextStep),
    voicemail: row.voicemail,
    callback: row.callback,
    callSid: row.callSid,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in this machine's time zone; the stored value when it is not a time. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');
const seconds = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

const COLUMNS: readonly [heading: string, cell: (row: CallRow) => string | undefined][] = [
  ['Time', (row) => localTime(row.time)],
  ['Caller', (row) => row.from],
  ['Called', (row) => row.to],
  ['Agent', (row) => row.agentId],
  ['Disposition', (row) => row.disposition],
  ['SIP', (row) => row.sipResponseCode?.toString()],
  ['Ring s', (row) => (row.ringSeconds === undefined ? undefined : seconds(row.ringSeconds))],
  ['Next step', (row) => row.callerNextStep],
  ['Voicemail', (row) => yesNo(row.voicemail)],
  ['Callback', (row) => row.callback],
  ['CallSid', (row) => row.callSid],
];

/** A header and one aligned line per row; a missing value shows as `-`. */
export function tableLines(rows: readonly CallRow[], since: Date): string[] {
  if (rows.length === 0) return [`No calls since ${localTime(since.toISOString())}.`];
  const cells = [
    COLUMNS.map(([heading]) => heading),
    ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row) ?? '-')),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  return cells.map((line) =>
    line
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}
