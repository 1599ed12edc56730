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

const WEEKDAY_BY_NAME: Readonly<Record<string, Weekday>> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone, kept: building one costs far more than using one. */
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

export function localTime(at: string | Date, timezone: string): LocalTime {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timezone).formatToParts(new Date(at))) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAY_BY_NAME[parts.weekday ?? ''],
    hour: Number(parts.hour),
    minute: Number(parts.minute),
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
