/**
 * Every redial command's exit status: `clean`, it did what was asked and found nothing wrong;
 * `findings`, it ran and the answer is a finding (TwiML findings, a simulated call that did not
 * end normally, a cancel refused); `trouble`, it could not run (a usage error, an unknown option or
 * command, a missing or broken local state file, an unreachable table or local stack).
 */
export const EXIT = { clean: 0, findings: 1, trouble: 2 } as const;

/** The command line is wrong; printed with a pointer to the command's --help, exit 2. */
export class UsageError extends Error {}

/**
 * The command line is right but the command cannot run: no local stack, a broken state file, an
 * endpoint that does not answer. Printed as it is, exit 2.
 */
export class CannotRunError extends Error {}

/** The SDK wraps some network errors (fetch's "connect ECONNREFUSED …") in a cause. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || (error.cause instanceof Error ? error.cause.message : error.name);
}

/** The most specific message of a failed fetch: fetch wraps the socket's error ("connect ECONNREFUSED …") in its cause. */
export function causeMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

/**
 * An error message as the lines it prints: the first line, with the lines that continue it joined
 * by spaces, then each item of a list ("- …", such as a config's bad fields) on a line of its own,
 * indented, as `cdk synth` prints them.
 */
export function errorLines(message: string): string[] {
  const [first, ...rest] = message.trim().split(/\s*\n\s*/);
  const lines = [first];
  for (const next of rest) {
    if (next.startsWith('- ')) lines.push(`  ${next}`);
    else lines[lines.length - 1] += ` ${next}`;
  }
  return lines;
}

/** An error message on one line: its lines joined by spaces, a list's items by semicolons. */
export function oneLine(message: string): string {
  const [first, ...items] = errorLines(message);
  return items.reduce(
    (line, item) => `${line}${line.endsWith(':') ? ' ' : '; '}${item.trim().slice(2)}`,
    first,
  );
}
