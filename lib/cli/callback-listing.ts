import { GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { CallbackTableTarget } from '../../lambdas/aws/callback-table';
import type { CallbackState } from '../../lambdas/domain/callbacks';
import { callbackKey, PENDING_CALLBACKS, TABLE_INDEXES } from '../../lambdas/domain/table-layout';
import { type Item, numeric, text } from './item-fields';

/** Reads callbacks from the call table for `redial callbacks`. */

const { byDueTime } = TABLE_INDEXES;

/**
 * Each state's partition of the byDueTime index: open callbacks share the worker's queue, closed
 * ones move to their own. The closed keys mirror endAttempt's and closeCallback's, which build them inline.
 */
const DUE_KEYS: Record<CallbackState, string> = {
  pending: PENDING_CALLBACKS,
  dialing: PENDING_CALLBACKS,
  completed: 'CALLBACKS#completed',
  exhausted: 'CALLBACKS#exhausted',
  canceled: 'CALLBACKS#canceled',
};

export const CALLBACK_STATES = Object.keys(DUE_KEYS) as CallbackState[];
/** The callbacks still to be made: the worker's queue. */
export const OPEN_STATES = CALLBACK_STATES.filter((state) => DUE_KEYS[state] === PENDING_CALLBACKS);

export interface CallbackFilter {
  readonly states: readonly CallbackState[];
  readonly limit: number;
}

/** One line of the listing. */
export interface CallbackRow {
  readonly callbackId: string;
  readonly state: string;
  /** The next attempt's due time; while dialing, when the attempt's lease runs out. */
  readonly dueAt: string;
  readonly customer?: string;
  readonly line?: string;
  /** The agent of the latest attempt, else the one the customer tried to reach. */
  readonly agent?: string;
  readonly attempts: number;
  readonly maxAttempts?: number;
  readonly reason?: string;
  readonly requestedBy?: string;
  /** The outcome of the latest attempt that has ended. */
  readonly lastOutcome?: string;
}

export interface AttemptRow {
  readonly attempt?: number;
  readonly agentId?: string;
  readonly startedAt?: string;
  readonly outcome?: string;
  readonly endedAt?: string;
  readonly legCallSid?: string;
}

/**
 * Open callbacks oldest due first (the next to be dialled on top), then closed ones most recent
 * first: a closed partition spans the whole retention period, and its oldest entries matter least.
 */
export async function listCallbacks(
  target: CallbackTableTarget,
  filter: CallbackFilter,
): Promise<CallbackRow[]> {
  const open = filter.states.filter((state) => OPEN_STATES.includes(state));
  const closed = filter.states.filter((state) => !OPEN_STATES.includes(state));
  const [openItems, ...closedItems] = await Promise.all([
    open.length > 0 ? queryDue(target, PENDING_CALLBACKS, open, filter.limit, true) : [],
    ...closed.map((state) => queryDue(target, DUE_KEYS[state], [state], filter.limit, false)),
  ]);
  const closedRows = closedItems.flat().map(callbackRow);
  closedRows.sort((a, b) => b.dueAt.localeCompare(a.dueAt));
  return [...openItems.map(callbackRow), ...closedRows].slice(0, filter.limit);
}

/** At most `limit` items of one partition in due order, of the given states only. */
async function queryDue(
  { client, table }: CallbackTableTarget,
  dueKey: string,
  states: readonly CallbackState[],
  limit: number,
  oldestFirst: boolean,
): Promise<Item[]> {
  const items: Item[] = [];
  const pages = paginateQuery(
    { client, pageSize: limit },
    {
      TableName: table,
      IndexName: byDueTime.name,
      KeyConditionExpression: '#p = :p',
      // The pending partition holds dialing callbacks too; the filter keeps the states asked for.
      FilterExpression: `#state IN (${states.map((_, i) => `:s${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#p': byDueTime.partition, '#state': 'state' },
      ExpressionAttributeValues: {
        ':p': dueKey,
        ...Object.fromEntries(states.map((state, i) => [`:s${i}`, state])),
      },
      ScanIndexForward: oldestFirst,
    },
  );
  for await (const page of pages) {
    items.push(...(page.Items ?? []));
    if (items.length >= limit) break;
  }
  return items.slice(0, limit);
}

/** The stored item, read consistently: it may have just been claimed or closed. */
export async function getCallback(
  { client, table }: CallbackTableTarget,
  callbackId: string,
): Promise<Item | undefined> {
  const { Item } = await client.send(
    new GetCommand({ TableName: table, Key: callbackKey(callbackId), ConsistentRead: true }),
  );
  return Item;
}

export function callbackRow(item: Item): CallbackRow {
  return {
    callbackId: String(item.callbackId),
    state: String(item.state),
    dueAt: String(item[byDueTime.sort]),
    customer: text(item.customer),
    line: text(item.line),
    agent: text(item.activeAgent) ?? text(item.agentId),
    attempts: numeric(item.attempts) ?? 0,
    maxAttempts: numeric(item.maxAttempts),
    reason: text(item.reason),
    requestedBy: text(item.requestedBy),
    lastOutcome: attemptRows(item).findLast((attempt) => attempt.outcome !== undefined)?.outcome,
  };
}

export function attemptRows(item: Item): AttemptRow[] {
  const history: unknown[] = Array.isArray(item.history) ? item.history : [];
  return history.map((entry) => {
    const attempt = (typeof entry === 'object' && entry !== null ? entry : {}) as Item;
    return {
      attempt: numeric(attempt.attempt),
      agentId: text(attempt.agentId),
      startedAt: text(attempt.startedAt),
      outcome: text(attempt.outcome),
      endedAt: text(attempt.endedAt),
      legCallSid: text(attempt.legCallSid),
    };
  });
}
