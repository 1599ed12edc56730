import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, Option } from 'commander';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { analyzeDeclines, type DeclineReport } from '../../lambdas/domain/analytics/analyze-declines';
import { BASELINE_DAYS } from '../../lambdas/domain/analytics/spikes';
import type { RedialConfig } from '../../lambdas/domain/config';
import { isConfigFileError, loadConfigFile } from '../../lib/redial-app';
import { runCommand, setAction } from '../command-line/command-frame';
import { CannotRunError, EXIT, UsageError } from '../command-line/errors';
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

export const REPORT_SUMMARY = '603 rates by agent and window, spikes, PBX drift and endpoint codes';

const DESCRIPTION = `Counts and rates of how calls and dials ended (603 by a person, 603 by a rule, 486, 480, \
no answer, failed, abandoned, after hours) per agent and per window; the agent × day decline spikes, told \
apart as a training question or a routing rule; PBX drift (rule declines while Redial says open); and each \
endpoint's SIP codes. Reads the calls that started in the period, plus ${BASELINE_DAYS} days before it for \
the spike baselines, from the byDay index: never the whole table.`;

const EXIT_STATUS =
  'Exit status: 0 reported (findings or not), 2 a bad option, no local stack, a bad config, or an AWS error.';

const WINDOWS = ['day', 'hour', 'weekday', 'agent'] as const;

interface ReportValues extends TableValues {
  readonly since: string;
  readonly by: (typeof WINDOWS)[number];
  readonly json?: boolean;
  readonly config?: string;
}

export function reportCommand(
  connect: (table: CallTable) => DynamoDBDocumentClient = callTableClient,
  now: () => Date = () => new Date(),
): Command {
  const command = new Command('report')
    .summary(REPORT_SUMMARY)
    .description(DESCRIPTION)
    .addOption(new Option('--since <when>', 'the period: 7d, 24h, or an ISO date or date-time').default('7d'))
    .addOption(new Option('--by <window>', 'how the rates cut the period').choices(WINDOWS).default('day'))
    .addOption(new Option('--json', 'print the report as one JSON object'))
    .addOption(
      new Option(
        '--config <file>',
        "the config whose opening hours and agents the report judges by (default: the local stack's, or redial.config.json with --table)",
      ),
    );
  for (const option of tableOptions()) command.addOption(option);
  command.addHelpText('after', `\n${EXIT_STATUS}`);
  return setAction<ReportValues>(command, async ({ options, output }) => {
    const until = now();
    const since = parseSince(options.since, until);
    if (since >= until) throw new UsageError('--since must be in the past');
    const table = chooseTable(options);
    const config = readConfig(options.config ?? configFileOf(table));
    const calls = await onTable(table, () =>
      new DynamoStore(connect(table), table.name).listCalls({
        since: new Date(since.getTime() - BASELINE_DAYS * 86_400_000),
        until,
        limit: Number.POSITIVE_INFINITY,
      }),
    );
    const report = analyzeDeclines(calls, config, {
      since: since.toISOString(),
      until: until.toISOString(),
      by: options.by,
    });
    print(report, options.json === true, output);
    return EXIT.clean;
  });
}

function readConfig(file: string): RedialConfig {
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

/** `redial report ...argv`, printing to `output`; resolves to the exit status. */
export function runReport(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
  connect: (table: CallTable) => DynamoDBDocumentClient = callTableClient,
  now?: () => Date,
): Promise<number> {
  return runCommand(reportCommand(connect, now), argv, output);
}
