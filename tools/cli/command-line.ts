import type { CliOutput } from './audit-twiml';

/** What the table commands share on the command line: output, usage errors, and option parsing. */

export const consoleOutput: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** A problem with the command line; its message is followed by a pointer to --help. */
export class UsageError extends Error {}

/** The one line for an error before the command ran: a usage error points to the command's --help. */
export function parseFailure(command: string, error: unknown): string {
  const hint = error instanceof UsageError ? ` (see redial ${command} --help)` : '';
  return `redial ${command}: ${messageOf(error)}${hint}`;
}

/** The SDK wraps some network errors (fetch's "connect ECONNREFUSED …") in a cause. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || (error.cause instanceof Error ? error.cause.message : error.name);
}

export function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

export function parseLimit(value: string): number {
  if (!/^[1-9]\d*$/.test(value))
    throw new UsageError(`--limit must be a whole number above 0, not "${value}"`);
  return Number(value);
}
