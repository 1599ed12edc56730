import { CALLBACK_STATES, type CallbackState, isOpenCallback } from '../../lambdas/domain/callback-attempts';
import type { RedialStore, StoredCallback } from '../../lambdas/domain/redial-store';
import { type Item, numeric, text } from './item-fields';

/** The rows of `redial callbacks`, read through the store. */

export { CALLBACK_STATES } from '../../lambdas/domain/callback-attempts';
/** The callbacks still to be made: the worker's queue. */
export const OPEN_STATES = CALLBACK_STATES.filter(isOpenCallback);

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
 * first: a closed state spans the whole retention period, and its oldest entries matter least.
 */
export async function listCallbacks(store: RedialStore, filter: CallbackFilter): Promise<CallbackRow[]> {
  return (await store.listCallbacks(filter)).map(callbackRow);
}

export function callbackRow(callback: StoredCallback): CallbackRow {
  return {
    callbackId: callback.callbackId,
    state: callback.state,
    dueAt: callback.dueAt,
    customer: callback.customer,
    line: callback.line,
    agent: callback.activeAgent ?? callback.agentId,
    attempts: callback.attempts,
    maxAttempts: callback.maxAttempts,
    reason: callback.reason,
    requestedBy: callback.requestedBy,
    lastOutcome: attemptRows(callback).findLast((attempt) => attempt.outcome !== undefined)?.outcome,
  };
}

/** The callback's attempts; the store keeps their history untyped, so each field is checked. */
export function attemptRows(callback: StoredCallback): AttemptRow[] {
  const history: readonly unknown[] = Array.isArray(callback.history) ? callback.history : [];
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
