import { parseArgs } from 'node:util';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import type { CallbackState } from '../../lambdas/domain/callbacks';
import type { RedialStore } from '../../lambdas/domain/redial-store';
import { type CliOutput, EXIT } from './audit-twiml';
import {
  CALLBACK_STATES,
  type CallbackFilter,
  type CallbackRow,
  listCallbacks,
  OPEN_STATES,
} from './callback-listing';
import { jsonRow, listLines, showLines } from './callback-views';
import { consoleOutput, messageOf, nonEmpty, parseLimit, UsageError } from './command-line';
import {
  type CallTable,
  callTableClient,
  chooseTable,
  runTableCommand,
  TABLE_OPTIONS,
  TABLE_OPTIONS_USAGE,
} from './table-target';

/** `redial callbacks`: lists, shows and cancels callbacks in the local stack's table or a deployed one. */

export const CALLBACKS_SUMMARY = 'List, show or cancel callbacks, from the local or a deployed table';

const DEFAULT_REASON = 'canceled with redial callbacks cancel';

export const CALLBACKS_USAGE = `Usage: redial callbacks [list] [--state S] [--limit N] [--json] [options]
       redial callbacks show ID [--json] [options]
       redial callbacks cancel ID [--reason TEXT] [options]

list     callbacks still to be made (pending, or dialing now) oldest due first, the next to be dialled
         on top; closed ones (completed, exhausted, canceled) after them, most recent first
show     one callback's fields and its attempts
cancel   closes a pending callback as canceled, so that the worker never dials it; one being dialled
         or already closed cannot be canceled

Options:
  --state S              list: ${CALLBACK_STATES.join(', ')} or all
                         (default ${OPEN_STATES.join(' and ')})
  --limit N              list: at most N rows (default 50)
  --json                 list: one JSON array instead of a table; show: the stored callback
  --reason TEXT          cancel: why, kept on the callback (default "${DEFAULT_REASON}")
${TABLE_OPTIONS_USAGE}
  -h, --help             show this help

Exit status: 0 done (even if nothing is listed), 1 cancel refused (the callback is not pending),
2 a bad option, an unknown callback ID, no local stack, or an AWS error.`;

type Action =
  | { kind: 'list'; filter: CallbackFilter; json: boolean }
  | { kind: 'show'; callbackId: string; json: boolean }
  | { kind: 'cancel'; callbackId: string; reason: string };

type Invocation = { help: true } | { help: false; table: CallTable; action: Action };

export function runCallbacks(argv: string[], output: CliOutput = consoleOutput): Promise<number> {
  return runTableCommand('callbacks', CALLBACKS_USAGE, argv, output, parseInvocation, ({ table, action }) =>
    perform(action, new DynamoStore(callTableClient(table), table.name), output),
  );
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
      if (callback === undefined) return unknownCallback(action.callbackId, output);
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
  if (state === undefined) return unknownCallback(callbackId, output);
  if (state === 'pending') {
    // It was dialing a moment ago, and that attempt has ended without reaching the customer.
    output.err(`redial callbacks: callback ${callbackId} changed while being canceled; try again`);
    return EXIT.trouble;
  }
  const wait = state === 'dialing' ? ' (wait for its attempt to end)' : '';
  output.err(
    `redial callbacks: callback ${callbackId} is ${String(state)}; only pending callbacks can be canceled${wait}`,
  );
  return EXIT.findings;
}

function unknownCallback(callbackId: string, output: CliOutput): number {
  output.err(`redial callbacks: no callback ${callbackId}`);
  return EXIT.trouble;
}

type Values = ReturnType<typeof parseOptions>['values'];

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      reason: { type: 'string' },
      ...TABLE_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const ACTIONS = ['list', 'show', 'cancel'] as const;
type ActionName = (typeof ACTIONS)[number];

/** The actions each of their own options goes with; the table options go with all. */
const ACTION_OPTIONS: Partial<Record<keyof Values, readonly ActionName[]>> = {
  state: ['list'],
  limit: ['list'],
  json: ['list', 'show'],
  reason: ['cancel'],
};

function parseInvocation(argv: string[]): Invocation {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [name = 'list', ...rest] = positionals;
  const kind = ACTIONS.find((action) => action === name);
  if (!kind) throw new UsageError(`unknown action "${name}"; use ${ACTIONS.join(', ')}`);
  for (const [option, actions] of Object.entries(ACTION_OPTIONS)) {
    if (values[option as keyof Values] !== undefined && !actions.includes(kind))
      throw new UsageError(`--${option} goes with ${actions.join(' or ')}, not ${kind}`);
  }
  // The action's own mistakes first: they are the user's to fix before any table matters.
  const action = parseAction(kind, rest, values);
  return { help: false, table: chooseTable(values), action };
}

function parseAction(kind: ActionName, args: string[], values: Values): Action {
  if (kind === 'list') {
    if (args.length > 0) throw new UsageError(`list takes no arguments, not "${args[0]}"`);
    const filter = { states: parseStates(values.state), limit: parseLimit(values.limit ?? '50') };
    return { kind, filter, json: values.json ?? false };
  }
  const [callbackId, extra] = args;
  if (!callbackId) throw new UsageError(`${kind} needs a callback ID`);
  if (extra !== undefined) throw new UsageError(`${kind} takes one callback ID, not also "${extra}"`);
  if (kind === 'show') return { kind, callbackId, json: values.json ?? false };
  return { kind, callbackId, reason: nonEmpty(values.reason, '--reason') ?? DEFAULT_REASON };
}

function parseStates(value: string | undefined): readonly CallbackState[] {
  if (value === undefined) return OPEN_STATES;
  if (value === 'all') return CALLBACK_STATES;
  const known = CALLBACK_STATES.find((state) => state === value);
  if (!known) throw new UsageError(`unknown state "${value}"; use one of ${CALLBACK_STATES.join(', ')}, all`);
  return [known];
}
