import { AUDIT_TWIML_SUMMARY, EXIT, runAuditTwiml } from './audit-twiml';
import { CALLBACKS_SUMMARY, runCallbacks } from './callbacks-command';
import { CALLS_SUMMARY, runCalls } from './calls-command';

/** The `redial` command: `redial <subcommand> [arguments]`, dispatched through a table. */

export interface Subcommand {
  readonly name: string;
  /** One line for `redial --help`. */
  readonly summary: string;
  /** Gets the arguments after the subcommand's name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'audit-twiml', summary: AUDIT_TWIML_SUMMARY, run: (argv) => runAuditTwiml(argv) },
  { name: 'calls', summary: CALLS_SUMMARY, run: (argv) => runCalls(argv) },
  { name: 'callbacks', summary: CALLBACKS_SUMMARY, run: (argv) => runCallbacks(argv) },
];

export function usage(subcommands: readonly Subcommand[] = SUBCOMMANDS): string {
  const width = Math.max(...subcommands.map((command) => command.name.length));
  const lines = subcommands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: redial <command> [arguments]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run redial <command> --help for its options.',
  ].join('\n');
}

const HELP = new Set(['--help', '-h', 'help']);

export async function main(
  argv: string[],
  subcommands: readonly Subcommand[] = SUBCOMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP.has(name)) {
    (name === undefined ? console.error : console.log)(usage(subcommands));
    return name === undefined ? EXIT.trouble : EXIT.clean;
  }
  const subcommand = subcommands.find((command) => command.name === name);
  if (!subcommand) {
    console.error(`redial: unknown command "${name}" (see redial --help)`);
    return EXIT.trouble;
  }
  try {
    return await subcommand.run(rest);
  } catch (error) {
    // A bug, not a finding: one line, no stack trace, and the "could not run" status.
    console.error(`redial ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.trouble;
  }
}
