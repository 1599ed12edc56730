import type { CallChanges, CallSnapshot } from '../../lambdas/domain/call-changes';
import { type CallRecord, legPosition } from '../../lambdas/domain/call-record';
import { isOpenCallback } from '../../lambdas/domain/callback-attempts';
import type { CallbackRecord } from '../../lambdas/domain/callbacks';
import {
  type MissedCallNotice,
  parseMessage,
  type RedialEvent,
  redialEvent,
} from '../../lambdas/domain/events';
import {
  type AlertClaim,
  type CallbackQuery,
  type CallQuery,
  type DialQuery,
  type DialRow,
  dialRowOf,
  type RedialStore,
  type StoredCallback,
} from '../../lambdas/domain/redial-store';

/**
 * RedialStore in memory, for the domain's tests: the same conditional writes, orders and limits as
 * DynamoStore (test/store/redial-store.test.ts holds both to one contract), without a table.
 * Where DynamoStore disagrees with RedialStore's documentation (the contract's tests marked as
 * DynamoStore bugs), this follows the documentation.
 */

/** How long a claim on an alert holds before another delivery may take it over (as DynamoStore). */
const ALERT_CLAIM_MS = 60_000;

/** A deep copy without undefined attributes, as a record comes back from the table. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Strings in DynamoDB's order (by code point, not by locale). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first by a `<time>#<CallSid>` key, the way the table's indexes sort. */
const newestFirst = <T>(rows: T[], keyOf: (row: T) => string) =>
  rows.sort((a, b) => byText(keyOf(b), keyOf(a)));

const callTime = (call: CallRecord) => `${call.startedAt}#${call.callSid}`;
const dialTime = (dial: DialRow) => `${dial.occurredAt}#${dial.callSid}`;

export class MemoryStore implements RedialStore {
  private readonly calls = new Map<string, CallRecord>();
  /** By `<CallSid>#<hunt position>`. */
  private readonly dials = new Map<string, DialRow>();
  private readonly callbacks = new Map<string, StoredCallback>();
  /** Each customer's callbacks, so a later call of theirs that gets through can cancel them. */
  private readonly customerCallbacks = new Map<string, Set<string>>();
  private readonly alerts = new Map<string, { status: 'claimed' | 'sent'; claimedUntil?: number }>();
  private readonly outbox = new Map<string, { storedAt: string; event: string }>();

  // Calls

  async readCall(callSid: string): Promise<CallSnapshot> {
    const call = this.calls.get(callSid);
    const callback = this.callbacks.get(callSid);
    return {
      call: call && copy(call),
      callback: callback && { state: callback.state, dueAt: callback.dueAt },
    };
  }

  async applyCallChanges(changes: CallChanges): Promise<boolean> {
    if (!changes.changed) return true;
    const { call, dial, bookCallback, callerAskedAt, cancelCallbackOf } = changes;
    if (dial) {
      const key = `${dial.callSid}#${legPosition(dial.huntPosition)}`;
      if (!this.dials.has(key)) this.dials.set(key, copy(dialRowOf(dial)));
    }
    if (bookCallback) this.bookCallback(bookCallback);
    const asked = this.callbacks.get(call.callSid);
    if (callerAskedAt && asked) {
      this.callbacks.set(call.callSid, {
        ...asked,
        requestedByCallerAt: asked.requestedByCallerAt ?? callerAskedAt,
      });
    }
    if (cancelCallbackOf) {
      for (const callbackId of this.customerCallbacks.get(cancelCallbackOf.customer) ?? []) {
        if (callbackId === cancelCallbackOf.exceptCallbackId) continue;
        await this.closeCallback(callbackId, 'canceled', 'the customer called again and got through');
      }
    }
    const stored = this.calls.get(call.callSid);
    const current = changes.seenVersion === undefined ? !stored : stored?.version === changes.seenVersion;
    if (!current) return false;
    this.calls.set(call.callSid, copy(call));
    return true;
  }

  private bookCallback(callback: CallbackRecord): void {
    if (!this.callbacks.has(callback.callbackId)) this.callbacks.set(callback.callbackId, copy(callback));
    const ids = this.customerCallbacks.get(callback.customer) ?? new Set<string>();
    this.customerCallbacks.set(callback.customer, ids.add(callback.callbackId));
  }

  async listCalls(query: CallQuery): Promise<CallRecord[]> {
    const since = query.since.toISOString();
    // `until` is exclusive: `<until>#<CallSid>` sorts after `<until>`.
    const until = (query.until ?? new Date()).toISOString();
    const calls = [...this.calls.values()].filter(
      (call) =>
        (query.disposition === undefined || call.disposition === query.disposition) &&
        callTime(call) >= since &&
        callTime(call) < until,
    );
    return copy(newestFirst(calls, callTime).slice(0, query.limit));
  }

  async listDials(query: DialQuery): Promise<DialRow[]> {
    const since = query.since.toISOString();
    const dials = [...this.dials.values()].filter(
      (dial) =>
        dial.agentId === query.agentId &&
        (query.disposition === undefined || dial.disposition === query.disposition) &&
        dialTime(dial) >= since,
    );
    return copy(newestFirst(dials, dialTime).slice(0, query.limit));
  }

  async getCalls(callSids: readonly string[]): Promise<Map<string, CallRecord>> {
    const found = new Map<string, CallRecord>();
    for (const callSid of callSids) {
      const call = this.calls.get(callSid);
      if (call) found.set(callSid, copy(call));
    }
    return found;
  }

  // Callbacks

  async getCallback(callbackId: string): Promise<StoredCallback | undefined> {
    const callback = this.callbacks.get(callbackId);
    return callback && copy(callback);
  }

  async listCallbacks(query: CallbackQuery): Promise<StoredCallback[]> {
    const wanted = [...this.callbacks.values()].filter((callback) => query.states.includes(callback.state));
    const open = wanted.filter((callback) => isOpenCallback(callback.state));
    const closed = wanted.filter((callback) => !isOpenCallback(callback.state));
    open.sort((a, b) => byText(a.dueAt, b.dueAt));
    closed.sort((a, b) => byText(b.dueAt, a.dueAt));
    return copy([...open, ...closed].slice(0, query.limit));
  }

  async closeCallback(callbackId: string, state: 'exhausted' | 'canceled', reason: string): Promise<boolean> {
    const callback = this.callbacks.get(callbackId);
    if (callback?.state !== 'pending') return false;
    this.callbacks.set(callbackId, { ...callback, state, closedReason: reason });
    return true;
  }

  // The alert ledger

  async claimAlert(notice: MissedCallNotice, now: Date): Promise<AlertClaim> {
    const key = `${notice.callSid}#${notice.idempotencyKey}`;
    const alert = this.alerts.get(key);
    if (alert?.status === 'sent') return 'already-sent';
    if (alert && (alert.claimedUntil ?? 0) >= now.getTime()) return 'held-elsewhere';
    this.alerts.set(key, { status: 'claimed', claimedUntil: now.getTime() + ALERT_CLAIM_MS });
    return 'claimed';
  }

  async markAlertSent(notice: MissedCallNotice): Promise<void> {
    this.alerts.set(`${notice.callSid}#${notice.idempotencyKey}`, { status: 'sent' });
  }

  async releaseAlert(notice: MissedCallNotice): Promise<void> {
    const key = `${notice.callSid}#${notice.idempotencyKey}`;
    if (this.alerts.get(key)?.status === 'claimed') this.alerts.delete(key);
  }

  // The outbox

  async keepInOutbox(event: RedialEvent, now: Date): Promise<boolean> {
    if (this.outbox.has(event.idempotencyKey)) return false;
    this.outbox.set(event.idempotencyKey, { storedAt: now.toISOString(), event: JSON.stringify(event) });
    return true;
  }

  async outboxEvents(now: Date, limit: number): Promise<RedialEvent[]> {
    const due = [...this.outbox.values()].filter((kept) => kept.storedAt <= now.toISOString());
    due.sort((a, b) => byText(a.storedAt, b.storedAt));
    // Parsed as DynamoStore parses them: what comes back is a valid event, nothing more.
    return due.slice(0, limit).map((kept) => parseMessage(redialEvent, kept.event));
  }

  async removeFromOutbox(event: RedialEvent): Promise<void> {
    this.outbox.delete(event.idempotencyKey);
  }
}
