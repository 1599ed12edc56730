import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { EXIT, errorLines, messageOf, oneLine, UsageError } from './errors';
import { type CliOutput, consoleOutput } from './output';

/**
 * The frame every `redial` command runs in. Commander reads the command line (options, arguments,
 * help, unknown options and commands); the frame turns the outcome into the exit status (see EXIT)
 * and prints an error as one line on stderr, `redial <command>: <message>`, a usage error followed
 * by ` (see redial <command> --help)`, and a list in the message (a config's bad fields) one item
 * per line after it. Never a stack trace. `redial` alone prints the help to
 * stderr and exits 2; any --help prints to stdout and exits 0.
 *
 * A tool exports each of its commands as a factory of a commander `Command` whose action is set
 * with `setAction`; `bin/redial-command.ts` puts them in one program, and `runCommand` runs one
 * alone, as `redial <name>`, for the tool's tests and entry points.
 */

/** What a command's action gets. */
export interface Invocation<Options> {
  /** The declared arguments, as commander parsed them (defaults applied). */
  readonly args: readonly unknown[];
  readonly options: Options;
  readonly output: CliOutput;
  readonly command: Command;
}

/** A command's work; resolves to the exit status, throws a UsageError or any other error to fail. */
export type Action<Options> = (invocation: Invocation<Options>) => Promise<number> | number;

/** One run of a program: where it prints, the action's exit status, and the command running. */
interface Run {
  readonly output: CliOutput;
  exitCode: number;
  /** The deepest command the command line reached, named in an error's line. */
  current: Command;
}

const runs = new WeakMap<Command, Run>();

/** Sets `command`'s action to `action`, whose result is the program's exit status. */
export function setAction<Options>(command: Command, action: Action<Options>): Command {
  return command.action(async function (this: Command) {
    const run = runs.get(this);
    if (!run) throw new Error(`${commandPath(this)} ran outside runProgram`);
    run.exitCode = await action({
      args: this.processedArgs,
      options: this.opts() as Options,
      output: run.output,
      command: this,
    });
  });
}

/** The `redial` program with `commands` under it. */
export function createProgram(commands: readonly Command[]): Command {
  const program = new Command('redial')
    .usage('<command> [options]')
    .description("Redial's developer tools: the local stack, the call simulator, and the call table.")
    .addHelpText('after', '\nRun redial <command> --help for its options and arguments.')
    // One line per command: its name and summary; its arguments are in its own help.
    .configureHelp({ subcommandTerm: (command) => command.name() });
  for (const command of commands) program.addCommand(command);
  return program;
}

/** Runs `program` on `argv` (the arguments after `redial`); resolves to the exit status. */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  const run: Run = { output, exitCode: EXIT.clean, current: program };
  prepare(program, run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return run.exitCode;
  } catch (error) {
    return failed(error, run);
  }
}

/** Runs one command as `redial <its name> ...argv`, in a program of its own. */
export function runCommand(
  command: Command,
  argv: readonly string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  return runProgram(createProgram([command]), [command.name(), ...argv], output);
}

/**
 * Reads `argv` against `command`'s options and arguments without running it: commander's verdict on
 * the command line, its errors as UsageErrors. For tools that check their options by themselves too.
 */
export function parseCommandLineOf<Options>(command: Command, argv: readonly string[]): Options {
  command
    .exitOverride()
    .helpOption(false)
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    throw error instanceof CommanderError ? new UsageError(commanderMessage(error)) : error;
  }
  return command.opts() as Options;
}

/** `redial calls`: the names from the program down to `command`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Commander's message on one line, without its "error: " (the frame says which command). */
export function commanderMessage(error: CommanderError): string {
  const message = error.message
    .replace(/^error: /, '')
    .replace(/\s*\n\(Did you mean (.*)\?\)$/s, '; did you mean $1?');
  return oneLine(message);
}

/** Commander's exits that are no error: help asked for (0), or shown because nothing was (1). */
const HELP_EXITS = new Set(['commander.helpDisplayed', 'commander.help']);

function failed(error: unknown, run: Run): number {
  if (error instanceof CommanderError) {
    if (HELP_EXITS.has(error.code)) return error.exitCode === 0 ? EXIT.clean : EXIT.trouble;
    report(run, commanderMessage(error), true);
  } else {
    report(run, messageOf(error), error instanceof UsageError);
  }
  return EXIT.trouble;
}

function report(run: Run, message: string, usage: boolean): void {
  const path = commandPath(run.current);
  const [first, ...items] = errorLines(message);
  run.output.err(`${path}: ${first}${usage ? ` (see ${path} --help)` : ''}`);
  for (const item of items) run.output.err(item);
}

/** Help wider than this is hard to read, whatever the terminal's width. */
const MAX_HELP_WIDTH = 100;

const helpWidth = (stream: NodeJS.WriteStream) =>
  Math.min(stream.isTTY ? stream.columns : MAX_HELP_WIDTH, MAX_HELP_WIDTH);

function outputConfiguration(output: CliOutput): OutputConfiguration {
  // Commander ends what it writes with a newline; the output adds its own.
  const line = (text: string) => text.replace(/\n$/, '');
  return {
    writeOut: (text) => output.out(line(text)),
    writeErr: (text) => output.err(line(text)),
    // The frame prints errors itself, on one line and naming the command.
    outputError: () => {},
    getOutHelpWidth: () => helpWidth(process.stdout),
    getErrHelpWidth: () => helpWidth(process.stderr),
  };
}

/** Every command of the program prints to the run's output and reports to the frame instead of exiting. */
function prepare(command: Command, run: Run): void {
  runs.set(command, run);
  command
    .configureOutput(outputConfiguration(run.output))
    .exitOverride((error) => {
      run.current = command;
      throw error;
    })
    .hook('preSubcommand', (_parent, subcommand) => {
      run.current = subcommand;
    });
  for (const subcommand of command.commands) prepare(subcommand, run);
}
