import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { E164_NUMBER } from '../../lambdas/domain/config';
import { TWILIO_API_BASE_URL } from '../../lambdas/environment/twilio-account';
import { DEFAULT_CONFIG_FILE } from '../../lib/redial-app';
import { runCommand, setAction } from '../command-line/command-frame';
import { CannotRunError, EXIT, messageOf, UsageError } from '../command-line/errors';
import { type CliOutput, consoleOutput } from '../command-line/output';
import { terminalProgress } from '../command-line/progress';
import { nonEmpty, seconds } from '../command-line/values';
import { readAccountRecords } from './account-records';
import { parseSince } from './calls-command';
import { type DiagnoseReport, diagnoseReport } from './diagnose-report';
import { diagnoseLines } from './diagnose-text';
import { readReportConfig } from './report-command';
import { TWILIO_WAIT_MS } from './voice-url-twiml';

/** `redial diagnose`: where an account's 603s come from, read from Twilio's own records (issue 13). */

export const DIAGNOSE_SUMMARY =
  "Where a Twilio account's declines (603) come from: a person, the PBX's rules, or your TwiML";

const DESCRIPTION = `Reads the account's Monitor alerts in the window (31603, 31486, 31480, and 11200/11205/12100 \
when Twilio could not get TwiML), each refused call with its dialled legs and their Voice Insights summaries, and \
every incoming number with the TwiML its voice URL answers (requested as Twilio requests it, signed, as a probe call \
CA000…000). Each call is classified by the same rules Redial applies live (the ring threshold and decline headers of \
--config), grouped by number, endpoint, weekday and hour, and followed by what to change, each with its evidence. \
What cannot be read (wrong credentials, no Insights, a window past Monitor's 30 days, a voice URL that times out or \
answers HTML) is a line of the report, never the end of it.`;

const CREDENTIALS_HELP = `
Credentials: --stack <name> reads the deployed stack's Twilio secret (the AWS SDK's usual credentials); else
TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (needed to sign the voice URL requests), or with TWILIO_API_KEY and
TWILIO_API_SECRET. ${TWILIO_API_BASE_URL} sends every request to another origin (an emulator).

Exit status: 0 nothing to change, 1 recommendations or problems reported, 2 a usage error, or nothing
could be read (the report still says why).`;

interface DiagnoseValues {
  readonly since: string;
  readonly until?: string;
  readonly number?: string;
  readonly json?: boolean;
  readonly html?: string;
  readonly stack?: string;
  readonly region?: string;
  readonly config?: string;
  readonly timezone?: string;
  readonly twimlTimeout: number;
}

export interface DiagnoseDependencies {
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
}

function parseNumber(value: string): string {
  if (!E164_NUMBER.test(value))
    throw new UsageError(`--number must be an E.164 number like +442071234567, not "${value}"`);
  return value;
}

function parseTimezone(value: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return value;
  } catch {
    throw new UsageError(`--timezone must be an IANA time zone like Europe/London, not "${value}"`);
  }
}

function window(values: DiagnoseValues, now: Date) {
  const until = values.until === undefined ? now : parseSince(values.until, now, '--until');
  const since = parseSince(values.since, until, '--since');
  if (since >= until) throw new UsageError('--since must be before --until (default: now)');
  return { since, until };
}

function options(): Option[] {
  return [
    new Option('--since <when>', "the window's start: 7d, 24h, or an ISO date or date-time").default('7d'),
    new Option('--until <when>', "the window's end, as --since (default: now)"),
    new Option('--number <e164>', 'only this incoming number and the calls to it').argParser(parseNumber),
    new Option('--json', 'print the report as one JSON object'),
    new Option('--html <file>', 'also write the report as one self-contained HTML page'),
    new Option('--stack <name>', "read the Twilio credentials from this deployed stack's secret").argParser(
      nonEmpty('--stack'),
    ),
    new Option('--region <region>', "the stack's region (default: AWS_REGION)"),
    new Option(
      '--config <file>',
      'the config whose ring threshold, decline headers and time zone classify the calls (default: redial.config.json)',
    ),
    new Option('--timezone <zone>', "the clock patterns are read on (default: the config's)").argParser(
      parseTimezone,
    ),
    new Option('--twiml-timeout <seconds>', 'how long each voice URL gets to answer')
      .argParser(seconds('--twiml-timeout'))
      .default(TWILIO_WAIT_MS / 1000),
  ];
}

export function diagnoseCommand(dependencies: DiagnoseDependencies = {}): Command {
  const command = new Command('diagnose').summary(DIAGNOSE_SUMMARY).description(DESCRIPTION);
  for (const option of options()) command.addOption(option);
  command.addHelpText('after', CREDENTIALS_HELP);
  return setAction<DiagnoseValues>(command, async ({ options: values, output }) => {
    const env = dependencies.env ?? process.env;
    const now = (dependencies.now ?? (() => new Date()))();
    if (values.region !== undefined && values.stack === undefined)
      throw new UsageError('--region goes with --stack');
    const period = window(values, now);
    const config = readReportConfig(values.config ?? env.REDIAL_CONFIG_FILE ?? DEFAULT_CONFIG_FILE);
    const { credentials, client } = await connect(values, env);
    const bar = terminalProgress('declined calls');
    const records = await readAccountRecords(client, credentials, {
      ...period,
      now,
      number: values.number,
      fetchTimeoutMs: values.twimlTimeout * 1000,
      progress: bar.progress,
    }).finally(bar.stop);
    const report = diagnoseReport(records, config.declineClassification, values.timezone ?? config.timezone);
    if (values.json) output.out(JSON.stringify(report, null, 2));
    else for (const line of diagnoseLines(report)) output.out(line);
    if (values.html !== undefined)
      await writePage(values.html, report, values.json ? output.err : output.out);
    return exitStatus(report, records.alerts === undefined && records.numbers === undefined);
  });
}

/**
 * The account's credentials and a twilio-node client for it, loaded when diagnose runs: twilio-node
 * and the AWS clients a stack's secret needs are most of what `redial` would otherwise load for
 * every command.
 */
async function connect(values: DiagnoseValues, env: NodeJS.ProcessEnv) {
  const { resolveTwilioCredentials } =
    require('./twilio-credentials') as typeof import('./twilio-credentials');
  const { twilioRestClient } = require('./twilio-library-client') as typeof import('./twilio-library-client');
  const credentials = await resolveTwilioCredentials(values, env);
  const client = twilioRestClient(credentials.username, credentials.password, {
    accountSid: credentials.accountSid,
    baseUrl: env[TWILIO_API_BASE_URL] || undefined,
  });
  return { credentials, client };
}

function exitStatus(report: DiagnoseReport, nothingRead: boolean): number {
  if (nothingRead) return EXIT.trouble;
  return report.recommendations.length > 0 || report.problems.length > 0 ? EXIT.findings : EXIT.clean;
}

async function writePage(file: string, report: DiagnoseReport, note: (line: string) => void): Promise<void> {
  // Loaded only when asked for: Vega is most of what the page needs.
  const { diagnosePage } = require('./diagnose-page') as typeof import('./diagnose-page');
  const page = await diagnosePage(report);
  try {
    writeFileSync(file, page);
  } catch (error) {
    throw new CannotRunError(`cannot write ${file}: ${messageOf(error)}`);
  }
  note(`Wrote ${file} (${Math.round(page.length / 1024)} KB): open it in a browser.`);
}

/** `redial diagnose ...argv`, printing to `output`; resolves to the exit status. */
export function runDiagnose(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
  dependencies: DiagnoseDependencies = {},
): Promise<number> {
  return runCommand(diagnoseCommand(dependencies), argv, output);
}
