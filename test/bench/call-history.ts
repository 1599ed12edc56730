import type { CallLeg, CallRecord } from '../../lambdas/domain/call-record';
import { SEEDED_DAYS, SEEDED_START, seededCalls } from '../support/seeded-calls';

/**
 * A long call history from the analytics' seeded generator: its four weeks of four agents' calls,
 * with several seeds for volume, each moved by whole weeks so the weekdays, opening hours and
 * weekends stay what the generator made them. Every week of the history is alike (busy weekdays,
 * a few closed calls at weekends), as a real line's are.
 */

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const BLOCK_WEEKS = SEEDED_DAYS / 7;
/** Any seeds will do; fixed ones make every run load the same calls. */
const FIRST_SEED = 1000;

export interface HistoryWindow {
  /** The end of the history, exclusive: the report's "now". */
  readonly now: Date;
  readonly days: number;
}

/**
 * Exactly `stored` calls that started in the `days` days before `now`, spread alike over its
 * weeks, with CallSids of their own (the generator's repeat when a seed is used twice).
 */
export function callHistory(stored: number, window: HistoryWindow): CallRecord[] {
  const calls: CallRecord[] = [];
  for (let seed = FIRST_SEED; calls.length < stored; seed++) {
    const layer = historyLayer(seed, window);
    const wanted = stored - calls.length;
    calls.push(...(layer.length <= wanted ? layer : evenlyPicked(layer, wanted)));
  }
  return calls.map((call, index) => ({ ...call, callSid: `CA${String(index).padStart(32, '0')}` }));
}

/** One seed's four weeks, repeated back from `now` in four-week blocks to cover the window. */
function historyLayer(seed: number, { now, days }: HistoryWindow): CallRecord[] {
  const seeded = seededCalls(seed).calls;
  const start = now.getTime() - days * DAY_MS;
  const calls: CallRecord[] = [];
  for (const weeks of blockShifts(start, now.getTime())) {
    for (const call of seeded) {
      const copy = shiftedCall(call, weeks * WEEK_MS);
      const at = Date.parse(copy.startedAt);
      if (at >= start && at < now.getTime()) calls.push(copy);
    }
  }
  return calls;
}

/** The whole-week shifts of the seeded period whose blocks, back to back, end at or after `end` and reach `start`. */
function blockShifts(start: number, end: number): number[] {
  const seededStart = Date.parse(`${SEEDED_START}T00:00:00Z`);
  const last = Math.ceil((end - seededStart - SEEDED_DAYS * DAY_MS) / WEEK_MS);
  const shifts: number[] = [];
  for (let weeks = last; seededStart + (weeks + BLOCK_WEEKS) * WEEK_MS > start; weeks -= BLOCK_WEEKS) {
    shifts.push(weeks);
  }
  return shifts;
}

/** `wanted` of `calls`, evenly spaced through them, so a part layer still covers every week. */
function evenlyPicked(calls: readonly CallRecord[], wanted: number): CallRecord[] {
  return Array.from({ length: wanted }, (_, i) => calls[Math.floor((i * calls.length) / wanted)]);
}

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** The same instants `ms` later, in every time field that is present (absent ones stay absent). */
function moved<T extends object>(record: T, fields: readonly (keyof T)[], ms: number): T {
  const copy = { ...record } as Record<string, unknown>;
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string') copy[field as string] = later(value, ms);
  }
  return copy as T;
}

/** The call `ms` later: when it started, ended, was missed and updated, each dial, its voicemail and callback request. */
export function shiftedCall(call: CallRecord, ms: number): CallRecord {
  const legs = Object.fromEntries(
    Object.entries(call.legs).map(([position, leg]) => [position, moved<CallLeg>(leg, ['occurredAt'], ms)]),
  );
  return {
    ...moved(call, ['startedAt', 'endedAt', 'missedAt', 'updatedAt'], ms),
    legs,
    ...(call.voicemail ? { voicemail: moved(call.voicemail, ['leftAt', 'recordedAt'], ms) } : {}),
    ...(call.callbackRequest
      ? { callbackRequest: moved(call.callbackRequest, ['requestedAt', 'notBefore'], ms) }
      : {}),
  };
}
