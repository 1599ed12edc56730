import type { CallChanges, CallSnapshot } from './call-changes';
import type { CallOutcome, CallRecord } from './call-record';
import type { CallbackRecord } from './callbacks';
import type { Disposition } from './dispositions';
import type { MissedCallNotice, RedialEvent } from './events';

/**
 * Everything Redial keeps, in the domain's terms: calls, callbacks, the alert ledger and the
 * outbox. Only an implementation of this knows the table's keys and expressions; the Lambdas and
 * the `redial` CLI use DynamoDB's, the domain's tests an in-memory one with the same behaviour.
 */

/** A dial of the hunt as the by-agent listing returns it. */
export interface DialRow {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  readonly agentId: string;
  readonly huntPosition: number;
  readonly disposition: Disposition;
  readonly sipResponseCode?: number;
  readonly ringSeconds: number;
  readonly callerNextStep: string;
  readonly occurredAt: string;
}

/** The listing's row for a dial the recorder stores: every store keeps the same fields. */
export function dialRowOf(event: NonNullable<CallChanges['dial']>): DialRow {
  return {
    callSid: event.callSid,
    from: event.from,
    to: event.to,
    agentId: event.agentId,
    huntPosition: event.huntPosition,
    disposition: event.disposition,
    sipResponseCode: event.sipResponseCode,
    ringSeconds: event.ringSeconds,
    callerNextStep: event.callerNextStep,
    occurredAt: event.occurredAt,
  };
}

export interface CallQuery {
  /** Calls that ended this way (the call's own disposition), newest first. */
  readonly disposition?: Disposition;
  readonly since: Date;
  /** Until (exclusive); defaults to now. */
  readonly until?: Date;
  readonly limit: number;
}

export interface DialQuery {
  readonly agentId: string;
  /** Only dials that ended this way. */
  readonly disposition?: Disposition;
  readonly since: Date;
  readonly limit: number;
}

export type StoredCallback = CallbackRecord & {
  readonly excludedAgents?: readonly string[];
  readonly activeAgent?: string;
  readonly currentAttempt?: number;
  readonly closedReason?: string;
  readonly requestedByCallerAt?: string;
};

export interface CallbackQuery {
  readonly states: readonly StoredCallback['state'][];
  readonly limit: number;
}

export type AlertClaim = 'claimed' | 'already-sent' | 'held-elsewhere';

export interface RedialStore {
  /** The call's record and its callback's state, read consistently. */
  readCall(callSid: string): Promise<CallSnapshot>;
  /** Applies the recorder's decision; false when another writer changed the call since it was read. */
  applyCallChanges(changes: CallChanges): Promise<boolean>;
  /** Calls by start time (or by their disposition), newest first, read from indexes. */
  listCalls(query: CallQuery): Promise<CallRecord[]>;
  /** One agent's dials, newest first. */
  listDials(query: DialQuery): Promise<DialRow[]>;
  /** Records of these calls, by CallSid (missing ones left out). */
  getCalls(callSids: readonly string[]): Promise<Map<string, CallRecord>>;

  getCallback(callbackId: string): Promise<StoredCallback | undefined>;
  /** Open callbacks oldest due first, then closed ones most recent first. */
  listCallbacks(query: CallbackQuery): Promise<StoredCallback[]>;
  /** Ends a callback that has no attempt in progress; false if it was not pending. */
  closeCallback(callbackId: string, state: 'exhausted' | 'canceled', reason: string): Promise<boolean>;

  /** Claims the alert before publishing it: only one delivery of each alert may send it. */
  claimAlert(notice: MissedCallNotice, now: Date): Promise<AlertClaim>;
  markAlertSent(notice: MissedCallNotice, messageId: string | undefined, now: Date): Promise<void>;
  /** Gives up a claim whose publish failed, so the next delivery need not wait for it to lapse. */
  releaseAlert(notice: MissedCallNotice): Promise<void>;

  /** Keeps an event SQS would not take; false if it was kept already. */
  keepInOutbox(event: RedialEvent, now: Date): Promise<boolean>;
  /** Kept events, oldest first. */
  outboxEvents(now: Date, limit: number): Promise<RedialEvent[]>;
  removeFromOutbox(event: RedialEvent): Promise<void>;
}

export type { CallOutcome };
