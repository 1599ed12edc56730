import type { CallLeg, CallRecord } from '../call-record';
import { latestLeg } from '../call-record';

/**
 * The categories a decline report counts, finer than dispositions where a supervisor needs it:
 * `unavailable` is split into the endpoint saying so and the dial ringing out.
 *
 * - `declined-by-user`: SIP 603 from a person (a decline header naming one, or rung long enough).
 * - `declined-by-policy`: SIP 603 from a PBX rule (a header naming one, or faster than a person).
 * - `busy`: SIP 486/600, or Twilio's `busy`.
 * - `unavailable`: the endpoint said it cannot take calls now (SIP 480, 404, 408).
 * - `no-answer`: it rang until our dial timeout. Twilio reports that as DialCallStatus `no-answer`
 *   with no SIP code, or with 487 (Twilio cancelled the INVITE at the timeout); the classifier files
 *   both under `unavailable`, so the leg's status and code are read again here.
 * - `failed`, `abandoned` (the caller hung up first), `answered`: as the disposition says.
 * - `after-hours`: a call that met the closed message (no dial): `after-hours` or `abandoned-closed`.
 * - `other`: `unknown`, `unrouted`, and calls not decided yet.
 */
export const REPORT_CATEGORIES = [
  'answered',
  'declined-by-user',
  'declined-by-policy',
  'busy',
  'unavailable',
  'no-answer',
  'failed',
  'abandoned',
  'after-hours',
  'other',
] as const;

export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Twilio cancels the INVITE with 487 when our dial timeout ends the ringing. */
const TIMEOUT_CANCEL_CODE = 487;

/** Whether an `unavailable` dial rang out rather than being refused by the endpoint. */
export function rangOut(leg: Pick<CallLeg, 'dialCallStatus' | 'sipResponseCode'>): boolean {
  const code = leg.sipResponseCode;
  return leg.dialCallStatus === 'no-answer' && (code === undefined || code === TIMEOUT_CANCEL_CODE);
}

/** The category of one dial. A dial never has a closed-time disposition, so never `after-hours`. */
export function legCategory(leg: CallLeg): ReportCategory {
  switch (leg.disposition) {
    case 'answered':
    case 'declined-by-user':
    case 'declined-by-policy':
    case 'busy':
    case 'failed':
    case 'abandoned':
      return leg.disposition;
    case 'unavailable':
      return rangOut(leg) ? 'no-answer' : 'unavailable';
    default:
      return 'other';
  }
}

/**
 * The category of a whole call: answered if any dial was, else what its latest dial was, else its
 * own disposition (closed, abandoned before a dial ended, or `other`).
 */
export function callCategory(call: CallRecord): ReportCategory {
  const legs = Object.values(call.legs);
  if (legs.some((leg) => leg.disposition === 'answered')) return 'answered';
  if (call.disposition === 'after-hours' || call.disposition === 'abandoned-closed') return 'after-hours';
  const latest = latestLeg(call) ?? legs.at(-1);
  if (latest) return legCategory(latest);
  return call.disposition === 'abandoned' ? 'abandoned' : 'other';
}

/** The two kinds of SIP 603 the analytics tell apart. */
export const DECLINE_KINDS = ['declined-by-user', 'declined-by-policy'] as const;
export type DeclineKind = (typeof DECLINE_KINDS)[number];
