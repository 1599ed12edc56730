import { writeFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, Option } from 'commander';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { analyzeDeclines, type DeclineReport } from '../../lambdas/domain/analytics/analyze-declines';
import { BASELINE_DAYS } from '../../lambdas/domain/analytics/spikes';
import type { RedialConfig } from '../../lambdas/domain/config';
import { isConfigFileError, loadConfigFile } from '../../lib/redial-app';
import { runCommand, setAction } from '../command-line/command-frame';
import { CannotRunError, EXIT, messageOf, UsageError } from '../command-line/errors';
import { type CliOutput, consoleOutput } from '../command-line/output';
import { parseSince } from './calls-command';
import { reportLines } from './report-text';
import {
  type CallTable,
  callTableClient,
  chooseTable,
  configFileOf,
  onTable,
  type TableValues,
  tableOptions,
} from './table-target';

/** `redial report`: the decline analytics of a period, from the local stack's table or a deployed one. */

export const REPORT_SUMMARY =
  'Decline report: 603 rates by agent and window, spikes, PBX drift, endpoint codes';

const DESCRIPTION = `Counts and rates of how calls and dials ended (603 by a person, 603 by a rule, 486, 480, \
no answer, failed, abandoned, after hours) per agent and per window; the agent × day decline spikes, told \
apart as a training question or a routing rule; PBX drift (rule declines while Redial says open); and each \
endpoint's SIP codes. --html also writes it as one self-contained page with charts (the local stack serves the \
same page live at /dashboard). Reads the calls that started in the period, plus ${BASELINE_DAYS} days before it for \
the spike baselines, from the byDay index: never the whole table.`;

const EXIT_STATUS =
  'Exit status: 0 reported (findings or not), 2 a bad option, no local stack, a bad config, or an AWS error.';

const WINDOWS = ['day', 'hour', 'weekday', 'agent'] as const;
type Window = (typeof WINDOWS)[number];

/** What a report is asked for, as the command's options or the dashboard's query give it. */
export interface ReportQuery {
  readonly since?: string;
  readonly until?: string;
  readonly by?: string;
}

export interface ReportPeriod {
  readonly since: Date;
  readonly until: Date;
  readonly by: Window;
}

export const DEFAULT_SINCE = '7d';

/** The period asked for, checked; a bad value is a UsageError naming it (`name` says how). */
export function reportPeriod(
  query: ReportQuery,
  now: Date,
  name: (option: string) => string = (option) => `--${option}`,
): ReportPeriod {
  const until = query.until === undefined ? now : parseSince(query.until, now, name('until'));
  const since = parseSince(query.since ?? DEFAULT_SINCE, until, name('since'));
  if (since >= until) throw new UsageError(`${name('since')} must be before ${name('until')} (default: now)`);
  const by = WINDOWS.find((window) => window === (query.by ?? 'day'));
  if (!by) throw new UsageError(`${name('by')} must be one of ${WINDOWS.join(', ')}; not "${query.by}"`);
  return { since, until, by };
}

/**
 * The decline report of a period, from a table: the calls that started in it plus BASELINE_DAYS
 * before it (the spike baselines), read through the byDay index, judged by `config`.
 */
export async function readDeclineReport(
  table: CallTable,
  client: DynamoDBDocumentClient,
  config: RedialConfig,
  { since, until, by }: ReportPeriod,
): Promise<DeclineReport> {
  const calls = await onTable(table, () =>
    new DynamoStore(client, table.name).listCalls({
      since: new Date(since.getTime() - BASELINE_DAYS * 86_400_000),
      until,
      limit: Number.POSITIVE_INFINITY,
    }),
  );
  return analyzeDeclines(calls, config, { since: since.toISOString(), until: until.toISOString(), by });
}

interface ReportValues extends TableValues, ReportQuery {
  readonly json?: boolean;
  readonly html?: string;
  readonly config?: string;
}

export function reportCommand(
  connect: (table: CallTable) => DynamoDBDocumentClient = callTableClient,
  now: () => Date = () => new Date(),
): Command {
  const command = new Command('report')
    .summary(REPORT_SUMMARY)
    .description(DESCRIPTION)
    .addOption(
      new Option('--since <when>', "the period's start: 7d, 24h, or an ISO date or date-time").default(
        DEFAULT_SINCE,
      ),
    )
    .addOption(new Option('--until <when>', "the period's end, as --since (default: now)"))
    .addOption(new Option('--by <window>', 'how the rates cut the period').choices(WINDOWS).default('day'))
    .addOption(new Option('--json', 'print the report as one JSON object'))
    .addOption(
      new Option('--html <file>', 'also write the report as one self-contained HTML page with its charts'),
    )
    .addOption(
      new Option(
        '--config <file>',
        "the config whose opening hours and agents the report judges by (default: the local stack's, or redial.config.json with --table)",
      ),
    );
  for (const option of tableOptions()) command.addOption(option);
  command.addHelpText('after', `\n${EXIT_STATUS}`);
  return setAction<ReportValues>(command, async ({ options, output }) => {
    const period = reportPeriod(options, now());
    const table = chooseTable(options);
    const config = readReportConfig(options.config ?? configFileOf(table));
    const report = await readDeclineReport(table, connect(table), config, period);
    print(report, options.json === true, output);
    // With --json, stdout holds the one JSON object; the note about the page goes to stderr.
    if (options.html !== undefined)
      await writePage(options.html, report, options.json ? output.err : output.out);
    return EXIT.clean;
  });
}

async function writePage(file: string, report: DeclineReport, note: (line: string) => void): Promise<void> {
  const page = await loadReportPage()(report);
  try {
    writeFileSync(file, page);
  } catch (error) {
    throw new CannotRunError(`cannot write ${file}: ${messageOf(error)}`);
  }
  note(`Wrote ${file} (${Math.round(page.length / 1024)} KB): open it in a browser.`);
}

/** The config a report judges by; a bad one cannot be reported on: exit 2, its errors listed. */
export function readReportConfig(file: string): RedialConfig {
  try {
    return loadConfigFile(file);
  } catch (error) {
    if (isConfigFileError(error)) throw new CannotRunError(error.message);
    throw error;
  }
}

function print(report: DeclineReport, json: boolean, output: CliOutput): void {
  if (json) output.out(JSON.stringify(report, null, 2));
  else for (const line of reportLines(report)) output.out(line);
}

/** The page renderer, loaded when a page is asked for: Vega is most of what `redial` loads otherwise. */
export const loadReportPage = () => (require('./report-page') as typeof import('./report-page')).reportPage;

/** `redial report ...argv`, printing to `output`; resolves to the exit status. */
export function runReport(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
  connect: (table: CallTable) => DynamoDBDocumentClient = callTableClient,
  now?: () => Date,
): Promise<number> {
  return runCommand(reportCommand(connect, now), argv, output);
}
