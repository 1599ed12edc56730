import type { RedialConfig, Weekday } from './config';

/**
 * Business hours in the business's own timezone. Opening hours and closures are local wall-clock times,
 * so every question is answered on the local clock, and local times are turned into instants with the
 * zone's offset as `Intl` reports it (which is what keeps daylight-saving changes right).
 */

export type BusinessSchedule = Pick<RedialConfig, 'timezone' | 'openingHours' | 'closures'>;

/** Milliseconds since the epoch: a real moment. */
type Instant = number;
/** A local date and time written as if it were UTC milliseconds, so calendar arithmetic is plain sums. */
type WallClock = number;

interface LocalSpan {
  readonly open: WallClock;
  readonly close: WallClock;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
/** How far ahead nextOpening looks before concluding that the business never opens. */
const HORIZON_DAYS = 366;
/** Iterations of instant = wall - offset(instant); a real time settles in one or two. */
const SETTLE_STEPS = 4;

/** Indexed by Date#getUTCDay, which counts from Sunday. */
/** By Date's getUTCDay() numbering: Sunday first. */
export const WEEKDAY_KEYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** True from each span's `open` up to, not including, its `close`, on the local clock. */
export function isOpen(at: Date, schedule: BusinessSchedule): boolean {
  return isOpenAt(at.getTime(), schedule);
}

/**
 * The earliest instant at or after `at` when the business is open: `at` itself if it is open now, and
 * undefined if it does not open within the next 366 days (no hours, or closures covering them all).
 */
export function nextOpening(at: Date, schedule: BusinessSchedule): Date | undefined {
  const from = at.getTime();
  if (isOpenAt(from, schedule)) return new Date(from);
  const limit = from + HORIZON_DAYS * DAY;
  const today = midnightOf(wallClockAt(from, schedule.timezone));
  // Local days are scanned in order and the first with an opening wins: every candidate is checked
  // against the local clock, and a day's openings never precede those of the day before it.
  for (let day = today; day <= today + HORIZON_DAYS * DAY; day += DAY) {
    const openings = openingCandidates(day, schedule).filter(
      (instant) => instant > from && instant <= limit && isOpenAt(instant, schedule),
    );
    if (openings.length > 0) return new Date(Math.min(...openings));
  }
  return undefined;
}

/** Moves a due time into opening hours: `at` if open, else the next opening. Throws if there is none. */
export function openAtOrAfter(at: Date, schedule: BusinessSchedule): Date {
  const opening = nextOpening(at, schedule);
  if (!opening) {
    throw new Error(
      `No opening hours within ${HORIZON_DAYS} days of ${at.toISOString()} (${schedule.timezone}): ` +
        'check openingHours and closures',
    );
  }
  return opening;
}

/**
 * A time as it should be said, relative to `now` on the local clock: "today at 09:00", "tomorrow at
 * 09:00", "yesterday at 17:10", "on Friday at 09:00" within six days either way (the only days a weekday
 * alone names unambiguously), and "on Friday 2 April at 09:00" further off. It reads on after "We open
 * again …" and "who called …". Days are local calendar days, so a change of clocks does not move the
 * line between today and tomorrow. Built from fixed English words, not the ICU locale data, so the
 * wording cannot change with the runtime.
 */
export function describeLocalTime(at: Date, timezone: string, now: Date = new Date()): string {
  const wall = wallClockAt(at.getTime(), timezone);
  const daysAway = Math.round((midnightOf(wall) - midnightOf(wallClockAt(now.getTime(), timezone))) / DAY);
  const local = new Date(wall);
  const time = `at ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  const weekday = DAY_NAMES[local.getUTCDay()];
  if (daysAway === 0) return `today ${time}`;
  if (daysAway === 1) return `tomorrow ${time}`;
  if (daysAway === -1) return `yesterday ${time}`;
  if (Math.abs(daysAway) <= 6) return `on ${weekday} ${time}`;
  return `on ${weekday} ${local.getUTCDate()} ${MONTH_NAMES[local.getUTCMonth()]} ${time}`;
}

function isOpenAt(instant: Instant, schedule: BusinessSchedule): boolean {
  const wall = wallClockAt(instant, schedule.timezone);
  return spansOn(midnightOf(wall), schedule).some((span) => span.open <= wall && wall < span.close);
}

/** The opening spans of the local day that starts at `midnight`; none on a closure date. */
function spansOn(midnight: WallClock, schedule: BusinessSchedule): LocalSpan[] {
  const day = new Date(midnight);
  const date = day.toISOString().slice(0, 10);
  if (schedule.closures.some((closure) => closure.date === date)) return [];
  return schedule.openingHours[WEEKDAY_KEYS[day.getUTCDay()]].map((span) => ({
    open: midnight + clockTime(span.open),
    close: midnight + clockTime(span.close),
  }));
}

/**
 * The instants at which one local day's spans can begin. Usually each span's opening time; when clocks
 * go forward over it, the first instant after the gap; and when a span closes inside the hour that is
 * repeated as clocks go back, the moment they go back, since the local clock then re-enters the span.
 */
function openingCandidates(midnight: WallClock, schedule: BusinessSchedule): Instant[] {
  const { timezone } = schedule;
  return spansOn(midnight, schedule).flatMap((span) => {
    const candidates = [firstInstantFrom(span.open, timezone)];
    const closings = instantsShowing(span.close, timezone);
    if (closings.length === 2) candidates.push(offsetChangeBetween(closings[0], closings[1], timezone));
    return candidates;
  });
}

/**
 * The earliest instant at which the local clock reads `wall`: the earlier of the two in a repeated
 * (fall-back) hour, and the first instant after the gap when clocks skip it (spring forward).
 */
function firstInstantFrom(wall: WallClock, timezone: string): Instant {
  const [first] = instantsShowing(wall, timezone);
  if (first !== undefined) return first;
  const [early, late] = offsetGuesses(wall, timezone);
  return offsetChangeBetween(early, late, timezone);
}

/** Every instant at which the local clock reads `wall`, ascending: one, two (clocks went back) or none. */
function instantsShowing(wall: WallClock, timezone: string): Instant[] {
  const found = new Set<Instant>();
  for (const guess of offsetGuesses(wall, timezone)) {
    const instant = settle(wall, guess, timezone);
    if (instant !== undefined) found.add(instant);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * `wall` converted with the offsets in force a day either side of it, ascending. Any offset change near
 * `wall` falls between them, so between them they reach both readings of a repeated time and straddle
 * a skipped one.
 */
function offsetGuesses(wall: WallClock, timezone: string): [Instant, Instant] {
  const before = wall - offsetAt(wall - DAY, timezone);
  const after = wall - offsetAt(wall + DAY, timezone);
  return before <= after ? [before, after] : [after, before];
}

/**
 * Solves instant = wall - offset(instant) by iteration from a guess. A time that exists settles at once;
 * one skipped by the clocks has no solution, and the iteration flips between the two offsets instead.
 */
function settle(wall: WallClock, guess: Instant, timezone: string): Instant | undefined {
  let instant = guess;
  for (let step = 0; step < SETTLE_STEPS; step++) {
    const next = wall - offsetAt(instant, timezone);
    if (next === instant) return instant;
    instant = next;
  }
  return undefined;
}

/** The first instant after `early` whose offset differs from `early`'s; one change must lie before `late`. */
function offsetChangeBetween(early: Instant, late: Instant, timezone: string): Instant {
  const offsetBefore = offsetAt(early, timezone);
  // Offsets change on whole seconds, so a binary search over seconds lands exactly on the change.
  let low = Math.floor(early / SECOND);
  let high = Math.ceil(late / SECOND);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * SECOND, timezone) === offsetBefore) low = middle;
    else high = middle;
  }
  return high * SECOND;
}

/**
 * The business's local clock at `at`, as a Date to read in UTC: getUTCHours() is the local hour,
 * getUTCDay() the local weekday, toISOString() starts with the local date.
 */
export function localClockAt(at: Date, timezone: string): Date {
  return new Date(wallClockAt(at.getTime(), timezone));
}

function wallClockAt(instant: Instant, timezone: string): WallClock {
  return instant + offsetAt(instant, timezone);
}

/** The zone's offset from UTC at an instant, read from the local date and time Intl gives for it. */
function offsetAt(instant: Instant, timezone: string): number {
  const wholeSecond = Math.floor(instant / SECOND) * SECOND;
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timezone).formatToParts(wholeSecond)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone, kept: building an Intl.DateTimeFormat costs far more than using one. */
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      // h23, not hour12: false, which some engines render as "24" for midnight.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function midnightOf(wall: WallClock): WallClock {
  return Math.floor(wall / DAY) * DAY;
}

/** 'HH:MM' as milliseconds after midnight. */
function clockTime(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 * MINUTE + minutes * MINUTE;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
