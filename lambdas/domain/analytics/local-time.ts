import { localClockAt, WEEKDAY_KEYS } from '../business-hours';
import type { Weekday } from '../config';

/**
 * Where an instant falls on the business's local clock, for grouping into windows. Opening hours are
 * business-hours.ts's business; this only names the local date, weekday, hour and minute.
 */
export interface LocalTime {
  /** YYYY-MM-DD on the local calendar. */
  readonly date: string;
  readonly weekday: Weekday;
  readonly hour: number;
  readonly minute: number;
}

export function localTime(at: string | Date, timezone: string): LocalTime {
  const clock = localClockAt(new Date(at), timezone);
  return {
    date: clock.toISOString().slice(0, 10),
    weekday: WEEKDAY_KEYS[clock.getUTCDay()],
    hour: clock.getUTCHours(),
    minute: clock.getUTCMinutes(),
  };
}

/** The calendar day after `date` (YYYY-MM-DD), by plain date arithmetic. */
export function nextDate(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Weekdays as reports and charts print them. */
export const WEEKDAY_LABELS: Readonly<Record<Weekday, string>> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};
