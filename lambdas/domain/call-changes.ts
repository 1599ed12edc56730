import { applyCallEvent, type CallEvent, type CallRecord, withCallbackBooked } from './call-record';
import {
  automaticCallback,
  type CallbackRecord,
  type CallbackRequest,
  callbackRecord,
  requestedCallback,
} from './callbacks';
import type { RedialConfig } from './config';
import type { DialOutcomeEvent, MissedCallNotice } from './events';
import { type CallbackSnapshot, noticesFor } from './missed-calls';

/**
 * What the recorder decides for one event, from the event and what the store holds of its call:
 * a pure function, so every path is tested without a table, and one adapter applies the result.
 */

/** What the store holds of a call when an event arrives. */
export interface CallSnapshot {
  readonly call?: CallRecord;
  readonly callback?: CallbackSnapshot;
}

/** The changes to make, in the order the store applies them (the call's record last). */
export interface CallChanges {
  /** The call's record as it must be stored; `changed` false on a replay (nothing to write). */
  readonly call: CallRecord;
  readonly changed: boolean;
  /** Write the record only over this version (undefined: only if the call has no record yet). */
  readonly seenVersion?: number;
  /** A dial of the hunt, for the by-agent index (written once). */
  readonly dial?: DialOutcomeEvent;
  /** A callback to book (written once: one callback per call). */
  readonly bookCallback?: CallbackRecord;
  /** The caller asked for the callback the policy had already booked: note when. */
  readonly callerAskedAt?: string;
  /** The customer got through: their pending callback from an earlier call is no longer owed. */
  readonly cancelCallbackOf?: { readonly customer: string; readonly exceptCallbackId: string };
  /** The alerts to hand the alerter (it sends each kind once per call). */
  readonly notices: readonly MissedCallNotice[];
}

function callbackRequestFor(event: CallEvent, config: RedialConfig): CallbackRequest | undefined {
  if (event.type === 'dial-outcome') return automaticCallback(event, config);
  if (event.type === 'callback-requested') return requestedCallback(event);
  return undefined;
}

export function decideCallChanges(
  event: CallEvent,
  snapshot: CallSnapshot,
  config: RedialConfig,
): CallChanges {
  const before = snapshot.call;
  const applied = applyCallEvent(before, event);
  if (applied === before) {
    // A replay: everything but the alerts was written the first time; they may not have been sent.
    return { call: applied, changed: false, notices: noticesFor(applied, snapshot.callback, config) };
  }
  const request = callbackRequestFor(event, config);
  const bookCallback = request && !snapshot.callback ? callbackRecord(request, config) : undefined;
  const callback = snapshot.callback ?? bookCallback;
  const call = request ? withCallbackBooked(applied, request.callSid) : applied;
  const earlier = new Set(
    before ? noticesFor(before, snapshot.callback, config).map((notice) => notice.idempotencyKey) : [],
  );
  const answered = event.type === 'dial-outcome' && event.disposition === 'answered';
  return {
    call,
    changed: true,
    seenVersion: before?.version,
    dial: event.type === 'dial-outcome' ? event : undefined,
    bookCallback,
    callerAskedAt: event.type === 'callback-requested' && snapshot.callback ? event.occurredAt : undefined,
    cancelCallbackOf: answered ? { customer: event.from, exceptCallbackId: event.callSid } : undefined,
    notices: noticesFor(call, callback, config).filter((notice) => !earlier.has(notice.idempotencyKey)),
  };
}
