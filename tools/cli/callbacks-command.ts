import { Argument, Command, Option } from 'commander';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import type { CallbackState } from '../../lambdas/domain/callbacks';
import type { RedialStore } from '../../lambdas/domain/redial-store';
import { runCommand, setAction } from '../command-line/command-frame';
import { CannotRunError, EXIT, UsageError } from '../command-line/errors';
import { type CliOutput, consoleOutput } from '../command-line/output';
import { nonEmpty, wholeNumber } from '../command-line/values';
import {
  CALLBACK_STATES,
  type CallbackFilter,
  type CallbackRow,
  listCallbacks,
  OPEN_STATES,
} from './callback-listing';
import { jsonRow, listLines, showLines } from './callback-views';
import { callTableClient, chooseTable, onTable, type TableValues, tableOptions } from './table-target';

/** `redial callbacks`: lists, shows and cancels callbacks in the local stack's table or a deployed one. */

export const CALLBACKS_SUMMARY = 'List, show or cancel callbacks, from the local or a deployed table';

const DEFAULT_REASON = 'canceled with redial callbacks cancel';

const ACTIONS_IN_WORDS = `
Actions:
  list     callbacks still to be made (pending, or dialing now) oldest due first, the next to be dialled
           on top; closed ones (completed, exhausted, canceled) after them, most recent first
  show     one callback's fields and its attempts
  cancel   closes a pending callback as canceled, so that the worker never dials it; one being dialled
           or already closed cannot be canceled

Exit status: 0 done (even if nothing is listed), 1 cancel refused (the callback is not pending),
2 a bad option, an unknown callback ID, no local stack, or an AWS error.`;

const ACTIONS = ['list', 'show', 'cancel'] as const;
type ActionName = (typeof ACTIONS)[number];

type Action =
  | { kind: 'list'; filter: CallbackFilter; json: boolean }
  | { kind: 'show'; callbackId: string; json: boolean }
  | { kind: 'cancel'; callbackId: string; reason: string };

interface CallbacksValues extends TableValues {
  readonly state: readonly CallbackState[];
  readonly limit: number;
  readonly json?: boolean;
  readonly reason: string;
}

/** The actions each of their own options goes with; the table options go with all. */
const ACTION_OPTIONS: Partial<Record<keyof CallbacksValues, readonly ActionName[]>> = {
  state: ['list'],
  limit: ['list'],
  json: ['list', 'show'],
  reason: ['cancel'],
};

export function callbacksCommand(): Command {
  const command = new Command('callbacks')
    .summary(CALLBACKS_SUMMARY)
    .usage('[list] [options] | show <id> [options] | cancel <id> [options]')
    .description("Lists, shows or cancels the callbacks in the local stack's table or a deployed one.")
    .addArgument(new Argument('[action]', 'list, show or cancel').default('list').argParser(parseAction))
    .addArgument(new Argument('[id]', 'the callback to show or cancel (its CallSid)'))
    .addOption(
      new Option('--state <state>', `list: ${CALLBACK_STATES.join(', ')} or all`)
        .default(OPEN_STATES, OPEN_STATES.join(' and '))
        .argParser(parseStates),
    )
    .addOption(
      new Option('--limit <n>', 'list: at most N rows').default(50).argParser(wholeNumber('--limit', 1)),
    )
    .addOption(new Option('--json', 'list: one JSON array instead of a table; show: the stored callback'))
    .addOption(
      new Option('--reason <text>', 'cancel: why, kept on the callback')
        .default(DEFAULT_REASON)
        .argParser(nonEmpty('--reason')),
    );
  for (const option of tableOptions()) command.addOption(option);
  command.addHelpText('after', ACTIONS_IN_WORDS);
  return setAction<CallbacksValues>(command, ({ args, options, output, command }) => {
    const [kind, id] = args as [ActionName, string | undefined];
    for (const [option, actions] of Object.entries(ACTION_OPTIONS)) {
      if (command.getOptionValueSource(option) === 'cli' && !actions.includes(kind))
        throw new UsageError(`--${option} goes with ${actions.join(' or ')}, not ${kind}`);
    }
    // The action's own mistakes first: they are the user's to fix before any table matters.
    const action = actionOf(kind, id, options);
    const table = chooseTable(options);
    return onTable(table, () => perform(action, new DynamoStore(callTableClient(table), table.name), output));
  });
}

/** `redial callbacks ...argv`, printing to `output`; resolves to the exit status. */
export function runCallbacks(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  return runCommand(callbacksCommand(), argv, output);
}

function parseAction(value: string): ActionName {
  const known = ACTIONS.find((action) => action === value);
  if (!known) throw new UsageError(`unknown action "${value}"; use ${ACTIONS.join(', ')}`);
  return known;
}

function actionOf(kind: ActionName, callbackId: string | undefined, values: CallbacksValues): Action {
  if (kind === 'list') {
    if (callbackId !== undefined) throw new UsageError(`list takes no arguments, not "${callbackId}"`);
    return { kind, filter: { states: values.state, limit: values.limit }, json: values.json === true };
  }
  if (!callbackId) throw new UsageError(`${kind} needs a callback ID`);
  if (kind === 'show') return { kind, callbackId, json: values.json === true };
  return { kind, callbackId, reason: values.reason };
}

function parseStates(value: string): readonly CallbackState[] {
  if (value === 'all') return CALLBACK_STATES;
  const known = CALLBACK_STATES.find((state) => state === value);
  if (!known) throw new UsageError(`unknown state "${value}"; use one of ${CALLBACK_STATES.join(', ')}, all`);
  return [known];
}

async function perform(action: Action, store: RedialStore, output: CliOutput): Promise<number> {
  switch (action.kind) {
    case 'list': {
      const rows: CallbackRow[] = await listCallbacks(store, action.filter);
      if (action.json) output.out(JSON.stringify(rows.map(jsonRow), null, 2));
      else for (const line of listLines(rows, action.filter.states)) output.out(line);
      return EXIT.clean;
    }
    case 'show': {
      const callback = await store.getCallback(action.callbackId);
      if (callback === undefined) return unknownCallback(action.callbackId);
      if (action.json) output.out(JSON.stringify(callback, null, 2));
      else for (const line of showLines(callback)) output.out(line);
      return EXIT.clean;
    }
    case 'cancel':
      return cancel(store, action.callbackId, action.reason, output);
  }
}

/** Closes only a pending callback (the store's condition), so a cancel cannot race the worker's claim. */
async function cancel(store: RedialStore, callbackId: string, reason: string, output: CliOutput) {
  if (await store.closeCallback(callbackId, 'canceled', reason)) {
    output.out(`Canceled callback ${callbackId}.`);
    return EXIT.clean;
  }
  // The condition failed: read the callback to say why.
  const state = (await store.getCallback(callbackId))?.state;
  if (state === undefined) return unknownCallback(callbackId);
  if (state === 'pending') {
    // It was dialing a moment ago, and that attempt has ended without reaching the customer.
    throw new CannotRunError(`callback ${callbackId} changed while being canceled; try again`);
  }
  const wait = state === 'dialing' ? ' (wait for its attempt to end)' : '';
  output.err(
    `redial callbacks: callback ${callbackId} is ${String(state)}; only pending callbacks can be canceled${wait}`,
  );
  return EXIT.findings;
}

function unknownCallback(callbackId: string): never {
  throw new CannotRunError(`no callback ${callbackId}`);
}
