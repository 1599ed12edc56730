import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { runCommand, setAction } from '../command-line/command-frame';
import { causeMessage, EXIT, UsageError } from '../command-line/errors';
import { type CliOutput, consoleOutput } from '../command-line/output';
import { auditTwiml, type TwimlFinding } from './twiml-audit';

/** `redial audit-twiml`: audits TwiML files and URLs; exit 0 clean, 1 findings, 2 usage or unreadable input. */

export const AUDIT_TWIML_SUMMARY =
  'List every <Reject>, and every <Dial> without an action, in TwiML files or URLs';

const DESCRIPTION = `Reads each TwiML document and prints, as file:line:column, every <Reject> (what the caller \
gets, and whether it is the first verb, as Twilio needs) and every <Dial> without an action URL (its outcome \
never reaches the app, so an unanswered call cannot go to voicemail or a callback).`;

const EXIT_STATUS =
  '\nExit status: 0 nothing found, 1 findings, 2 a usage error or an input that could not be read.';

const METHODS = ['GET', 'POST'] as const;
type Method = (typeof METHODS)[number];

const FETCH_TIMEOUT_MS = 10_000;

/** Why an input could not be audited; the message is shown after the input's name. */
class InputError extends Error {}

type InputResult = { source: string; findings: TwimlFinding[] } | { source: string; error: string };

export function auditTwimlCommand(): Command {
  const command = new Command('audit-twiml')
    .summary(AUDIT_TWIML_SUMMARY)
    .description(DESCRIPTION)
    .argument('<file-or-url...>', 'TwiML files, or http(s) URLs that answer with TwiML')
    .addOption(
      new Option('--method <method>', 'HTTP method for URL inputs, GET or POST (POST sends an empty form)')
        .default('GET')
        .argParser(parseMethod),
    )
    .addHelpText('after', EXIT_STATUS);
  return setAction<{ method: Method }>(command, async ({ args, options, output }) => {
    const [inputs] = args as [string[]];
    const results = await Promise.all(inputs.map((input) => auditInput(input, options.method)));
    for (const result of results) report(result, output);
    output.out(summary(results));
    return exitCode(results);
  });
}

/** `redial audit-twiml ...argv`, printing to `output`; resolves to the exit status. */
export function runAuditTwiml(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  return runCommand(auditTwimlCommand(), argv, output);
}

function parseMethod(value: string): Method {
  const method = value.toUpperCase();
  if (!isMethod(method)) throw new UsageError(`--method must be GET or POST, not "${value}"`);
  return method;
}

const isMethod = (value: string): value is Method => (METHODS as readonly string[]).includes(value);

async function auditInput(input: string, method: Method): Promise<InputResult> {
  try {
    return { source: input, findings: auditTwiml(await readInput(input, method), input) };
  } catch (error) {
    return { source: input, error: causeMessage(error) };
  }
}

const readInput = (input: string, method: Method) =>
  /^https?:\/\//i.test(input) ? fetchInput(input, method) : readFileInput(input);

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
};

async function readFileInput(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new InputError(Object.hasOwn(FILE_ERRORS, code) ? FILE_ERRORS[code] : causeMessage(error));
  }
}

async function fetchInput(url: string, method: Method): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      // Twilio posts its webhooks as a form; an empty one keeps form-parsing servers happy.
      ...(method === 'POST' ? { body: new URLSearchParams() } : {}),
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new InputError(`${method} failed: ${causeMessage(error)}`);
  }
  if (!response.ok)
    throw new InputError(`${method} answered HTTP ${response.status} ${response.statusText}`.trim());
  return response.text();
}

function report(result: InputResult, output: CliOutput): void {
  if ('error' in result) {
    output.err(`${result.source}: error: ${result.error}`);
    return;
  }
  for (const { source, line, column, message } of result.findings) {
    output.out(`${source}:${line}:${column}  ${message}`);
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function summary(results: InputResult[]): string {
  const findings = results.flatMap((result) => ('findings' in result ? result.findings : []));
  const unreadable = results.filter((result) => 'error' in result).length;
  const audited = `${plural(results.length - unreadable, 'input')} audited`;
  const found = findings.length === 0 ? 'no findings' : plural(findings.length, 'finding');
  return `${audited}, ${found}${unreadable === 0 ? '' : `; ${unreadable} could not be read`}`;
}

function exitCode(results: InputResult[]): number {
  if (results.some((result) => 'error' in result)) return EXIT.trouble;
  return results.some((result) => 'findings' in result && result.findings.length > 0)
    ? EXIT.findings
    : EXIT.clean;
}
