import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, Option } from 'commander';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { CALL_OUTCOMES } from '../../lambdas/domain/call-record';
import { DISPOSITIONS, type Disposition } from '../../lambdas/domain/dispositions';
import { runCommand, setAction } from '../command-line/command-frame';
import { EXIT, UsageError } from '../command-line/errors';
import { type CliOutput, consoleOutput } from '../command-line/output';
import { nonEmpty, wholeNumber } from '../command-line/values';
import { type CallFilter, type CallRow, listCalls } from './call-listing';
import { orNull } from './item-fields';
import {
  type CallTable,
  callTableClient,
  chooseTable,
  onTable,
  type TableValues,
  tableOptions,
} from './table-target';
import { type Column, localTime, textTable } from './text-table';

// Also exported here, where calls' tests import them from.
export { localTable } from './table-target';
export { localTime } from './text-table';

/** `redial calls`: lists recent calls from the local stack's table or a deployed one. */

export const CALLS_SUMMARY = 'List recent calls, by agent or disposition, from the local or a deployed table';

const DESCRIPTION = `Lists calls newest first, one row per call. Without options it reads the byDay index (one query \
per UTC day since --since); with --disposition, the byDisposition index, which holds each call by how it ended. \
With --agent it lists that agent's dials instead, from the byAgent index: one row per dial with its call's \
outcome, so a hunt that rang the agent twice gives two rows. No form scans the table.`;

const COLUMNS_IN_WORDS = `Columns: when the call started (with --agent, when the dial ended), caller, called number, \
agent, disposition, outcome (${CALL_OUTCOMES.join(', ')}), SIP response, ring seconds (of the call's latest \
dial), what the caller was offered next, whether a voicemail was left, the callback (requested by the \
caller, booked by the policy, or none), CallSid.`;

const EXIT_STATUS =
  'Exit status: 0 listed (even if nothing matched), 2 a bad option, no local stack, or an AWS error.';

interface CallsValues extends TableValues {
  readonly agent?: string;
  readonly disposition?: Disposition;
  readonly since: string;
  readonly limit: number;
  readonly json?: boolean;
}

/** `connect` opens the table's client: the AWS SDK's, or in tests one that watches what is sent. */
export function callsCommand(
  connect: (table: CallTable) => DynamoDBDocumentClient = callTableClient,
): Command {
  const command = new Command('calls')
    .summary(CALLS_SUMMARY)
    .description(DESCRIPTION)
    .addOption(
      new Option('--agent <id>', "this agent's dials (the byAgent index)").argParser(nonEmpty('--agent')),
    )
    .addOption(
      new Option(
        '--disposition <d>',
        `calls that ended so; with --agent, dials that ended so. One of ${DISPOSITIONS.join(', ')}`,
      ).argParser(parseDisposition),
    )
    .addOption(
      new Option(
        '--since <when>',
        'an ISO date or date-time (local time unless it has a zone), or 15m, 2h, 7d before now',
      ).default('24h'),
    )
    .addOption(new Option('--limit <n>', 'at most N rows').default(50).argParser(wholeNumber('--limit', 1)))
    .addOption(new Option('--json', 'print one JSON array instead of a table'));
  for (const option of tableOptions()) command.addOption(option);
  command.addHelpText('after', `\n${wrapped(COLUMNS_IN_WORDS, 0, 100)}\n\n${EXIT_STATUS}`);
  return setAction<CallsValues>(command, async ({ options, output }) => {
    const filter: CallFilter = {
      agent: options.agent,
      disposition: options.disposition,
      since: parseSince(options.since),
      limit: options.limit,
    };
    const table = chooseTable(options);
    const rows = await onTable(table, () => listCalls(new DynamoStore(connect(table), table.name), filter));
    if (options.json) output.out(JSON.stringify(rows.map(jsonRow), null, 2));
    else for (const line of tableLines(rows, filter.since)) output.out(line);
    return EXIT.clean;
  });
}

/** `redial calls ...argv`, printing to `output`; resolves to the exit status. */
export function runCalls(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
  connect: (table: CallTable) => DynamoDBDocumentClient = callTableClient,
): Promise<number> {
  return runCommand(callsCommand(connect), argv, output);
}

/** Text broken into lines of at most `width` characters, each indented by `indent` spaces. */
function wrapped(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && indent + lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.map((line) => `${' '.repeat(indent)}${line}`).join('\n');
}

function parseDisposition(value: string): Disposition {
  const known = DISPOSITIONS.find((disposition) => disposition === value);
  if (!known) throw new UsageError(`unknown disposition "${value}"; use one of ${DISPOSITIONS.join(', ')}`);
  return known;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `2h`, `7d` before `now`, or an ISO date (local midnight) or date-time. */
export function parseSince(value: string, now: Date = new Date(), option = '--since'): Date {
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]]);
  // JavaScript reads a bare date as UTC but a bare date-time as local; local midnight is less surprising.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00` : value;
  const date = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(date.getTime()))
    throw new UsageError(`${option} must be an ISO date or date-time, or like 15m, 2h, 7d; not "${value}"`);
  return date;
}

function jsonRow(row: CallRow) {
  return {
    time: row.time,
    from: orNull(row.from),
    to: orNull(row.to),
    agentId: orNull(row.agentId),
    disposition: orNull(row.disposition),
    outcome: orNull(row.outcome),
    sipResponseCode: orNull(row.sipResponseCode),
    ringSeconds: orNull(row.ringSeconds),
    callerNextStep: orNull(row.callerNextStep),
    voicemail: row.voicemail,
    callback: row.callback,
    endedAt: orNull(row.endedAt),
    durationSeconds: orNull(row.durationSeconds),
    callSid: row.callSid,
  };
}

const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');
const seconds = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

const COLUMNS: readonly Column<CallRow>[] = [
  ['Time', (row) => localTime(row.time)],
  ['Caller', (row) => row.from],
  ['Called', (row) => row.to],
  ['Agent', (row) => row.agentId],
  ['Disposition', (row) => row.disposition],
  ['Outcome', (row) => row.outcome],
  ['SIP', (row) => row.sipResponseCode?.toString()],
  ['Ring s', (row) => (row.ringSeconds === undefined ? undefined : seconds(row.ringSeconds))],
  ['Next step', (row) => row.callerNextStep],
  ['Voicemail', (row) => yesNo(row.voicemail)],
  ['Callback', (row) => row.callback],
  ['CallSid', (row) => row.callSid],
];

/** The listing's lines: a header and one line per call, or a sentence when nothing matched. */
export function tableLines(rows: readonly CallRow[], since: Date): string[] {
  if (rows.length === 0) return [`No calls since ${localTime(since.toISOString())}.`];
  return textTable(COLUMNS, rows);
}
