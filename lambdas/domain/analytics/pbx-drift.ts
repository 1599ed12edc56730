import { isOpen } from '../business-hours';
import type { CallLeg, CallRecord } from '../call-record';
import type { RedialConfig, Weekday } from '../config';
import { WEEKDAYS } from '../config';
import { localTime, WEEKDAY_LABELS } from './local-time';

/**
 * PBX drift: the PBX's schedule disagreeing with Redial's. A PBX rule declines (fast 603s, or a
 * header naming a rule) when the PBX thinks the business is closed; if that happens while Redial's
 * config says it is open, one of the two schedules is wrong.
 *
 * Each dial made while open (the call's `open` flag, and business hours at the dial's own time) is
 * put in a slot: its local weekday and half hour. A slot is drift when the PBX declined by rule at
 * least MIN_SLOT_DECLINES of its dials AND at least MIN_SLOT_SHARE of them: a PBX that believes
 * it is closed declines every call, while a rule that fires now and then (screening) leaves most
 * dials alone, so the share, not the count alone, tells a schedule from noise. Adjacent drift slots
 * of a weekday merge into one span; weekdays with the same spans merge into one window; a window
 * is reported with at least MIN_WINDOW_DECLINES declines, so one stray decline is never a finding.
 */
export const SLOT_MINUTES = 30;
export const MIN_SLOT_DECLINES = 3;
export const MIN_SLOT_SHARE = 0.5;
export const MIN_WINDOW_DECLINES = 5;

export interface DriftWindow {
  readonly weekdays: readonly Weekday[];
  /** Local clock times, HH:MM; `to` is exclusive. */
  readonly from: string;
  readonly to: string;
  readonly policyDeclines: number;
  /** Every dial made in the window while open. */
  readonly dials: number;
  /** Redial's opening span around the window, as the config has it. */
  readonly openFrom: string;
  readonly openUntil: string;
  /** "Mon–Fri 17:00–17:30: 40 policy declines while open until 17:30". */
  readonly summary: string;
  readonly recommendation: string;
}

interface Slot {
  readonly weekday: Weekday;
  /** The slot's index in the day: 0 is 00:00–00:30. */
  readonly index: number;
  dials: number;
  policyDeclines: number;
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Whether the business was open at the dial, by Redial's config. */
function dialedWhileOpen(call: CallRecord, leg: CallLeg, config: RedialConfig): boolean {
  return call.open !== false && isOpen(new Date(leg.occurredAt), config);
}

/** Every weekday × half-hour slot with an open-time dial, keyed "mon/34". */
function slotsOf(calls: readonly CallRecord[], config: RedialConfig): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  for (const call of calls) {
    for (const leg of Object.values(call.legs)) {
      if (!dialedWhileOpen(call, leg, config)) continue;
      const local = localTime(leg.occurredAt, config.timezone);
      const index = Math.floor((local.hour * 60 + local.minute) / SLOT_MINUTES);
      const key = `${local.weekday}/${index}`;
      const slot = slots.get(key) ?? { weekday: local.weekday, index, dials: 0, policyDeclines: 0 };
      slot.dials += 1;
      if (leg.disposition === 'declined-by-policy') slot.policyDeclines += 1;
      slots.set(key, slot);
    }
  }
  return slots;
}

const isDrift = (slot: Slot) =>
  slot.policyDeclines >= MIN_SLOT_DECLINES && slot.policyDeclines / slot.dials >= MIN_SLOT_SHARE;

interface Span {
  readonly weekday: Weekday;
  readonly first: number;
  readonly last: number;
  readonly dials: number;
  readonly policyDeclines: number;
}

/** A weekday's drift slots, adjacent ones merged. */
function spansOf(weekday: Weekday, slots: readonly Slot[]): Span[] {
  const spans: Span[] = [];
  for (const slot of [...slots].sort((a, b) => a.index - b.index)) {
    const previous = spans.at(-1);
    if (previous && previous.last === slot.index - 1) {
      spans[spans.length - 1] = {
        ...previous,
        last: slot.index,
        dials: previous.dials + slot.dials,
        policyDeclines: previous.policyDeclines + slot.policyDeclines,
      };
    } else {
      spans.push({
        weekday,
        first: slot.index,
        last: slot.index,
        dials: slot.dials,
        policyDeclines: slot.policyDeclines,
      });
    }
  }
  return spans;
}

/** "Mon–Fri", "Mon, Wed", "Mon–Wed, Sat": runs of three or more days as ranges. */
export function weekdaysInWords(weekdays: readonly Weekday[]): string {
  const indexes = weekdays.map((day) => WEEKDAYS.indexOf(day)).sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const index of indexes) {
    const run = runs.at(-1);
    if (run && run[run.length - 1] === index - 1) run.push(index);
    else runs.push([index]);
  }
  return runs
    .flatMap((run) =>
      run.length >= 3
        ? [`${WEEKDAY_LABELS[WEEKDAYS[run[0]]]}–${WEEKDAY_LABELS[WEEKDAYS[run[run.length - 1]]]}`]
        : run.map((index) => WEEKDAY_LABELS[WEEKDAYS[index]]),
    )
    .join(', ');
}

/** Redial's opening span on `weekday` that holds the minute `at`. */
function openingSpanAt(config: RedialConfig, weekday: Weekday, at: number) {
  return config.openingHours[weekday].find(
    (span) => minutesOf(span.open) <= at && at < minutesOf(span.close),
  );
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** What to change, by where the drift sits in Redial's opening span. */
function recommendationFor(
  days: string,
  from: string,
  to: string,
  openFrom: string,
  openUntil: string,
): string {
  if (to === openUntil) {
    return (
      `The PBX treats ${days} from ${from} as closed, but Redial's openingHours keep the business open until ` +
      `${openUntil}: move the PBX's after-hours rule (time condition) to ${openUntil}, or set Redial's ` +
      `openingHours to close at ${from} on ${days}.`
    );
  }
  if (from === openFrom) {
    return (
      `The PBX treats ${days} until ${to} as closed, but Redial's openingHours open at ${openFrom}: move the ` +
      `PBX's opening (time condition) to ${openFrom}, or set Redial's openingHours to open at ${to} on ${days}.`
    );
  }
  return (
    `A PBX rule declines ${days} ${from}–${to}, inside Redial's opening hours (${openFrom}–${openUntil}): ` +
    `remove that time condition on the PBX, or split Redial's openingHours around ${from}–${to} on ${days}.`
  );
}

function windowOf(spans: readonly Span[], config: RedialConfig): DriftWindow {
  const weekdays = spans.map((span) => span.weekday);
  const start = spans[0].first * SLOT_MINUTES;
  const end = (spans[0].last + 1) * SLOT_MINUTES;
  const opening = openingSpanAt(config, weekdays[0], start);
  const [from, to] = [clock(start), end >= 24 * 60 ? '24:00' : clock(end)];
  const openFrom = opening?.open ?? from;
  const openUntil = opening?.close ?? to;
  const days = weekdaysInWords(weekdays);
  const policyDeclines = spans.reduce((sum, span) => sum + span.policyDeclines, 0);
  return {
    weekdays,
    from,
    to,
    policyDeclines,
    dials: spans.reduce((sum, span) => sum + span.dials, 0),
    openFrom,
    openUntil,
    summary: `${days} ${from}–${to}: ${policyDeclines} policy declines while open until ${openUntil}`,
    recommendation: recommendationFor(days, from, to, openFrom, openUntil),
  };
}

/** The PBX-drift windows among `calls`, busiest first. */
export function findPbxDrift(calls: readonly CallRecord[], config: RedialConfig): DriftWindow[] {
  const drift = [...slotsOf(calls, config).values()].filter(isDrift);
  const spans = WEEKDAYS.flatMap((weekday) =>
    spansOf(
      weekday,
      drift.filter((slot) => slot.weekday === weekday),
    ),
  );
  // Weekdays merge when their spans cover the same times and sit in the same opening span.
  const byPattern = new Map<string, Span[]>();
  for (const span of spans) {
    const opening = openingSpanAt(config, span.weekday, span.first * SLOT_MINUTES);
    const key = `${span.first}-${span.last}-${opening?.open}-${opening?.close}`;
    byPattern.set(key, [...(byPattern.get(key) ?? []), span]);
  }
  return [...byPattern.values()]
    .map((group) => windowOf(group, config))
    .filter((window) => window.policyDeclines >= MIN_WINDOW_DECLINES)
    .sort((a, b) => b.policyDeclines - a.policyDeclines);
}

/** Whether a dial falls in one of the drift windows (for the endpoint profiles). */
export function inDriftWindow(at: string, windows: readonly DriftWindow[], timezone: string): boolean {
  const local = localTime(at, timezone);
  const minute = local.hour * 60 + local.minute;
  return windows.some(
    (window) =>
      window.weekdays.includes(local.weekday) &&
      minutesOf(window.from) <= minute &&
      minute < minutesOf(window.to),
  );
}
