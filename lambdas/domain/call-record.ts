import type { Disposition } from './dispositions';
import type { CallEndedEvent, CallStartedEvent, DialOutcomeEvent, RedialEvent } from './events';

/**
 * A call's record: one per call, from Twilio's first request about it to its end, holding its
 * caller, its timeline (each dial of the hunt), the voicemail, the callback and how it ended.
 * Plain data: the store adds keys, indexes and expiry.
 */

/** One dial of the hunt, as the call's timeline holds it. */
export interface CallLeg {
  readonly agentId: string;
  readonly legKind: DialOutcomeEvent['legKind'];
  readonly dialCallStatus: string;
  readonly sipResponseCode?: number;
  readonly ringSeconds: number;
  readonly talkSeconds?: number;
  readonly disposition: Disposition;
  readonly rule: string;
  readonly huntExhausted: boolean;
  readonly occurredAt: string;
}

export interface Voicemail {
  /** When the caller finished the message (the <Record> action). */
  readonly leftAt?: string;
  readonly durationSeconds?: number;
  /** Once Twilio has the recording (the recording status callback). */
  readonly recordingSid?: string;
  readonly recordingUrl?: string;
  readonly recordedAt?: string;
  readonly transcription?: { readonly status: string; readonly text: string };
}

/**
 * Where a call stands: `in-progress` until something decides it; once it has ended, its final
 * state. A call that both left a message and was promised a callback counts as what the caller
 * did last asked for: a requested callback, else the voicemail.
 */
export const CALL_OUTCOMES = ['in-progress', 'answered', 'missed', 'voicemail', 'callback-booked'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallRecord {
  readonly callSid: string;
  readonly from?: string;
  readonly to?: string;
  /** The configured line the call came in on. */
  readonly line?: string;
  readonly startedAt: string;
  /** Whether the business was open when the call came in (unknown until `call-started`). */
  readonly open?: boolean;
  readonly callerName?: string;
  readonly forwardedFrom?: string;
  /** Each dial of the hunt, by hunt position ("00", "01", …). */
  readonly legs: Readonly<Record<string, CallLeg>>;
  readonly latestPosition?: number;
  /** The agent the call is for: the latest dial's, else the line's first. */
  readonly agentId?: string;
  /** Why the call went as it did: the latest dial's disposition, or the call's own. */
  readonly disposition?: Disposition;
  readonly sipResponseCode?: number;
  readonly callerNextStep?: string;
  readonly voicemail?: Voicemail;
  /**
   * The number's fallback answered the caller (Redial's webhook had failed): the record may then
   * begin with the voicemail, its caller and line known only from the fallback's recording URL.
   */
  readonly viaFallback?: true;
  readonly callbackRequest?: {
    readonly requestedAt: string;
    readonly reason: string;
    readonly agentId?: string;
    readonly notBefore?: string;
  };
  /** The call's callback, once one is booked (by the caller or the policy). */
  readonly callbackId?: string;
  /** When the call first counted as missed: the time its missed-call alert speaks of. */
  readonly missedAt?: string;
  readonly endedAt?: string;
  readonly callStatus?: string;
  readonly durationSeconds?: number;
  readonly outcome: CallOutcome;
  /** The idempotency keys of the events applied, so a replay changes nothing. */
  readonly applied: readonly string[];
  /** Bumped by every change; the store writes only over the version it read. */
  readonly version: number;
  readonly updatedAt: string;
}

/** The events that make up a call's record (callback attempts change the callback instead). */
export type CallEvent = Exclude<RedialEvent, { type: 'callback-attempt' }>;

export const legPosition = (position: number) => String(position).padStart(2, '0');

/** A new record for a call the store has not seen, from whatever its first event tells. */
export function emptyCallRecord(event: CallEvent): CallRecord {
  return {
    callSid: event.callSid,
    startedAt: event.occurredAt,
    legs: {},
    outcome: 'in-progress',
    applied: [],
    version: 0,
    updatedAt: event.occurredAt,
  };
}

/** The caller and called number an event carries, if it carries them. */
function partiesOf(event: CallEvent): { from?: string; to?: string } {
  return 'from' in event ? { from: event.from, to: event.to } : {};
}

/** What the event itself adds to the record, before the derived fields are worked out again. */
function withEvent(call: CallRecord, event: CallEvent): CallRecord {
  const parties = partiesOf(event);
  const base: CallRecord = {
    ...call,
    from: call.from ?? parties.from,
    to: call.to ?? parties.to,
    // biome-ignore lint/complexity/useMathMinMax: ISO times compare as strings; Math.min would make NaN of them
    startedAt: event.occurredAt < call.startedAt ? event.occurredAt : call.startedAt,
  };
  switch (event.type) {
    case 'call-started':
      return started(base, event);
    case 'dial-outcome':
      return dialed(base, event);
    case 'callback-requested':
      return {
        ...base,
        callbackRequest: call.callbackRequest ?? {
          requestedAt: event.occurredAt,
          reason: event.reason,
          agentId: event.agentId,
          notBefore: event.notBefore,
        },
      };
    case 'voicemail-left':
      return {
        ...base,
        voicemail: { ...call.voicemail, leftAt: event.occurredAt, durationSeconds: event.durationSeconds },
      };
    case 'voicemail-recorded':
      return {
        ...base,
        ...((call.viaFallback || event.viaFallback) && { viaFallback: true }),
        voicemail: {
          leftAt: event.occurredAt,
          ...call.voicemail,
          recordingSid: event.recordingSid,
          recordingUrl: event.recordingUrl,
          durationSeconds: event.durationSeconds,
          recordedAt: event.occurredAt,
        },
      };
    case 'voicemail-transcribed':
      return {
        ...base,
        voicemail: { ...call.voicemail, transcription: { status: event.status, text: event.text } },
      };
    case 'call-ended':
      return ended(base, event);
  }
}

function started(call: CallRecord, event: CallStartedEvent): CallRecord {
  // Twilio's own first request is the best witness of who called whom.
  return {
    ...call,
    from: event.from,
    to: event.to,
    line: event.line,
    open: event.open,
    agentId: call.agentId ?? event.agentId,
    callerName: event.callerName,
    forwardedFrom: event.forwardedFrom,
  };
}

function dialed(call: CallRecord, event: DialOutcomeEvent): CallRecord {
  const leg: CallLeg = {
    agentId: event.agentId,
    legKind: event.legKind,
    dialCallStatus: event.dialCallStatus,
    sipResponseCode: event.sipResponseCode,
    ringSeconds: event.ringSeconds,
    talkSeconds: event.talkSeconds,
    disposition: event.disposition,
    rule: event.rule,
    huntExhausted: event.huntExhausted,
    occurredAt: event.occurredAt,
  };
  const legs = { ...call.legs, [legPosition(event.huntPosition)]: leg };
  const isLatest = call.latestPosition === undefined || event.huntPosition >= call.latestPosition;
  if (!isLatest) return { ...call, legs };
  return {
    ...call,
    legs,
    latestPosition: event.huntPosition,
    agentId: event.agentId,
    sipResponseCode: event.sipResponseCode,
    callerNextStep: event.callerNextStep,
  };
}

function ended(call: CallRecord, event: CallEndedEvent): CallRecord {
  return {
    ...call,
    endedAt: call.endedAt ?? event.occurredAt,
    callStatus: event.callStatus,
    durationSeconds: event.durationSeconds,
  };
}

/** The latest dial of the hunt, if any. */
export function latestLeg(call: CallRecord): CallLeg | undefined {
  return call.latestPosition === undefined ? undefined : call.legs[legPosition(call.latestPosition)];
}

const wasAnswered = (call: CallRecord) =>
  Object.values(call.legs).some((leg) => leg.disposition === 'answered');

/**
 * A dial that leaves the caller missed. A busy or unavailable agent with more of the hunt list
 * left is not a missed call yet: the next agent may answer.
 */
export function isMissedDial(leg: Pick<CallLeg, 'disposition' | 'huntExhausted'>): boolean {
  if (leg.disposition === 'answered') return false;
  if (leg.disposition === 'busy' || leg.disposition === 'unavailable') return leg.huntExhausted;
  return true;
}

/**
 * The call's own disposition. With dials, the latest one's; without, what the caller met: the
 * closed message (`after-hours`, or `abandoned-closed` if they hung up without a message or a
 * callback request), a number the config does not route (`unrouted`), or a hang-up before any
 * dial ended (`abandoned`); or, before any dial, the fallback's message after Redial's webhook
 * failed (`fallback`: what operations must hear of, whatever the hours). Undefined while an open
 * call has not been decided yet.
 */
function dispositionOf(call: CallRecord): Disposition | undefined {
  const leg = latestLeg(call);
  if (leg) return leg.disposition;
  if (call.viaFallback) return 'fallback';
  const leftWord = call.voicemail !== undefined || call.callbackRequest !== undefined;
  if (call.open === false) return leftWord || !call.endedAt ? 'after-hours' : 'abandoned-closed';
  if (call.open === true && call.line === undefined) return 'unrouted';
  if (call.endedAt) return leftWord ? 'unknown' : 'abandoned';
  return undefined;
}

/** Whether the call counts as missed now: a missed dial, a message or request left, or an end unanswered. */
function isMissed(call: CallRecord): boolean {
  if (wasAnswered(call)) return false;
  const leg = latestLeg(call);
  if (leg && isMissedDial(leg)) return true;
  return call.voicemail !== undefined || call.callbackRequest !== undefined || call.endedAt !== undefined;
}

function outcomeOf(call: CallRecord): CallOutcome {
  if (wasAnswered(call)) return 'answered';
  if (call.callbackRequest) return 'callback-booked';
  if (call.voicemail) return 'voicemail';
  if (call.callbackId) return 'callback-booked';
  return isMissed(call) ? 'missed' : 'in-progress';
}

/** The fields worked out from the rest, so they never disagree with it. */
function derived(call: CallRecord, event: CallEvent): CallRecord {
  const missed = isMissed(call);
  return {
    ...call,
    disposition: dispositionOf(call),
    missedAt: call.missedAt ?? (missed ? event.occurredAt : undefined),
    outcome: outcomeOf(call),
  };
}

/** The record once a callback is booked for the call (by the policy, or as the caller asked). */
export function withCallbackBooked(call: CallRecord, callbackId: string): CallRecord {
  const booked = { ...call, callbackId };
  return { ...booked, outcome: outcomeOf(booked) };
}

/** The record after `event`; the same record when the event was applied before. */
export function applyCallEvent(call: CallRecord | undefined, event: CallEvent): CallRecord {
  const current = call ?? emptyCallRecord(event);
  if (current.applied.includes(event.idempotencyKey)) return current;
  const next = derived(withEvent(current, event), event);
  return {
    ...next,
    applied: [...current.applied, event.idempotencyKey],
    version: current.version + 1,
    // biome-ignore lint/complexity/useMathMinMax: ISO times compare as strings; Math.max would make NaN of them
    updatedAt: event.occurredAt > current.updatedAt ? event.occurredAt : current.updatedAt,
  };
}
