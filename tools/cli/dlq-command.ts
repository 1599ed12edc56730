import type { SQSClient } from '@aws-sdk/client-sqs';
import { Argument, Command, Option } from 'commander';
import { MessageFailures } from '../../lambdas/aws/message-failures';
import { runCommand, setAction } from '../command-line/command-frame';
import { CannotRunError, EXIT, messageOf, UsageError } from '../command-line/errors';
import { type CliOutput, consoleOutput } from '../command-line/output';
import { nonEmpty, wholeNumber } from '../command-line/values';
import { type DeadLetter, deadLetterOf, peek, queueDepth } from './dlq-messages';
import { redrive } from './dlq-redrive';
import {
  type DeadLetterQueue,
  type DlqTarget,
  pickQueues,
  resolveTarget,
  type StackValues,
  sqsClientOf,
  stackOptions,
} from './dlq-target';
import { bodySummary, jsonLetter, listLines, showLines } from './dlq-views';
import { callTableClient, onTable } from './table-target';

/** `redial dlq`: what is in the dead-letter queues, why, and sending it back once the cause is fixed. */

export const DLQ_SUMMARY = 'List, show or redrive dead-lettered messages, on the local or a deployed stack';

const ACTIONS_IN_WORDS = `
Actions:
  list      each dead-letter queue's depth and oldest message, then its messages: ID, first receive,
            last failure, receives, what the message is, and the reason its consumer failed it
  show      one message in full: attributes, reason and body (numbers masked unless --unmasked)
  redrive   sends messages back to their source queue once the cause is fixed: SQS's own redrive
            where the endpoint has it, else receive, send, delete (safe to run again); --dry-run
            prints what would move

Reading a queue receives its messages and at once makes them visible again: nothing is deleted
but by redrive, and SQS's receive count includes these reads.

Exit status: 0 done (even if nothing is listed), 2 a bad option, an unknown message ID, no local
stack, or an AWS error.`;

const ACTIONS = ['list', 'show', 'redrive'] as const;
type ActionName = (typeof ACTIONS)[number];

interface DlqValues extends StackValues {
  readonly queue?: string;
  readonly limit: number;
  readonly json?: boolean;
  readonly unmasked?: boolean;
  readonly dryRun?: boolean;
  readonly message?: string;
}

/** The actions each of their own options goes with; --queue, --limit and the stack's go with all. */
const ACTION_OPTIONS: Partial<Record<keyof DlqValues, readonly ActionName[]>> = {
  json: ['list', 'show'],
  unmasked: ['show'],
  dryRun: ['redrive'],
  message: ['redrive'],
};

const optionName = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export function dlqCommand(): Command {
  const command = new Command('dlq')
    .summary(DLQ_SUMMARY)
    .usage('[list] [options] | show <message-id> [options] | redrive [options]')
    .description(
      "Lists, shows or redrives the dead-letter queues' messages, on the local stack or a deployed one.",
    )
    .addArgument(new Argument('[action]', 'list, show or redrive').default('list').choices(ACTIONS))
    .addArgument(new Argument('[id]', 'show: the message (its SQS message ID)'))
    .addOption(
      new Option('--queue <name>', 'only this queue: dial-outcomes or missed-calls').argParser(
        nonEmpty('--queue'),
      ),
    )
    .addOption(
      new Option('--limit <n>', 'at most N messages read per queue')
        .default(100)
        .argParser(wholeNumber('--limit', 1)),
    )
    .addOption(new Option('--json', 'list: one JSON array of messages; show: the message as JSON'))
    .addOption(new Option('--unmasked', 'show: phone numbers in full'))
    .addOption(new Option('--dry-run', 'redrive: print what would move, move nothing'))
    .addOption(new Option('--message <id>', 'redrive: only this message').argParser(nonEmpty('--message')));
  for (const option of stackOptions()) command.addOption(option);
  command.addHelpText('after', ACTIONS_IN_WORDS);
  return setAction<DlqValues>(command, async ({ args, options, output, command }) => {
    const [kind, id] = args as [ActionName, string | undefined];
    for (const [option, actions] of Object.entries(ACTION_OPTIONS)) {
      if (command.getOptionValueSource(option) === 'cli' && !actions.includes(kind))
        throw new UsageError(`--${optionName(option)} goes with ${actions.join(' or ')}, not ${kind}`);
    }
    if (kind === 'show' && !id) throw new UsageError('show needs a message ID');
    if (kind !== 'show' && id !== undefined) throw new UsageError(`${kind} takes no arguments, not "${id}"`);
    const target = await reach(() => resolveTarget(options));
    const queues = pickQueues(target.queues, options.queue);
    return onTable(target.table, () => perform(kind, id, options, target, queues, output));
  });
}

/** `redial dlq ...argv`, printing to `output`; resolves to the exit status. */
export function runDlq(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  return runCommand(dlqCommand(), argv, output);
}

/** Finding the stack: CloudFormation's errors (no such stack, no credentials) cannot be answered. */
async function reach(find: () => Promise<DlqTarget>): Promise<DlqTarget> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof UsageError || error instanceof CannotRunError) throw error;
    throw new CannotRunError(messageOf(error));
  }
}

async function perform(
  kind: ActionName,
  id: string | undefined,
  options: DlqValues,
  target: DlqTarget,
  queues: readonly DeadLetterQueue[],
  output: CliOutput,
): Promise<number> {
  const sqs = sqsClientOf(target);
  if (kind === 'redrive') return redriveQueues(sqs, queues, options, output);
  const failures = new MessageFailures(callTableClient(target.table), target.table.name);
  const read = await Promise.all(
    queues.map(async (queue) => {
      // The depth before the peek, whose held messages would count as in flight.
      const depth = await queueDepth(sqs, queue.url);
      const messages = await peek(sqs, queue.url, options.limit);
      const kept = await failures.failuresOf(messages.map((message) => String(message.MessageId)));
      const letters = messages.map((message) =>
        deadLetterOf(queue, message, kept.get(String(message.MessageId))),
      );
      return { queue, depth, letters };
    }),
  );
  const letters = read.flatMap((queue) => queue.letters);
  if (kind === 'show') return show(letters, id as string, options, output);
  if (options.json)
    output.out(
      JSON.stringify(
        letters.map((letter) => jsonLetter(letter)),
        null,
        2,
      ),
    );
  else {
    const now = new Date();
    for (const { queue, depth, letters } of read)
      for (const line of listLines(queue, depth, letters, now)) output.out(line);
  }
  return EXIT.clean;
}

function show(letters: readonly DeadLetter[], id: string, options: DlqValues, output: CliOutput): number {
  const letter = letters.find((candidate) => candidate.messageId === id);
  if (!letter) return noMessage(id, options);
  const unmasked = options.unmasked === true;
  if (options.json) output.out(JSON.stringify(jsonLetter(letter, unmasked), null, 2));
  else for (const line of showLines(letter, unmasked)) output.out(line);
  return EXIT.clean;
}

async function redriveQueues(
  sqs: SQSClient,
  queues: readonly DeadLetterQueue[],
  options: DlqValues,
  output: CliOutput,
): Promise<number> {
  const dryRun = options.dryRun === true;
  let found = false;
  for (const queue of queues) {
    const result = await redrive(sqs, queue, { messageId: options.message, dryRun, limit: options.limit });
    if (result.kind === 'move-task') {
      found = true;
      output.out(
        `${queue.name}: SQS is moving its messages back to the source queue (task ${result.taskHandle})`,
      );
      continue;
    }
    found ||= result.moves.length > 0;
    const verb = dryRun ? 'would move' : 'moved';
    output.out(
      `${queue.name}: ${verb} ${result.moves.length} message${result.moves.length === 1 ? '' : 's'} back`,
    );
    for (const move of result.moves) output.out(`  ${move.messageId}  ${bodySummary(move.body)}`);
  }
  if (options.message !== undefined && !found) return noMessage(options.message, options);
  return EXIT.clean;
}

function noMessage(id: string, options: DlqValues): never {
  throw new CannotRunError(`no dead-lettered message ${id}${options.queue ? ` in ${options.queue}` : ''}`);
}
