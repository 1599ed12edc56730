import type { AccountHistory, HistoryAlert, HistoryCall } from './account-history';
import type { RestError } from './twilio-rest-resources';

/** Alerts and Insights data are kept 30 days (Monitor spec: "Queries for alerts older than 30 days are not supported"). */
export const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A query date as the v1 and 2010 APIs take it: `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ` (GMT). A
 * bare date that ends a range stands for the end of that day, so `EndDate=2026-12-01` includes it.
 */
export function queryDate(value: string | null, endOfDay = false): Date | null | 'invalid' {
  if (value === null || value === '') return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return 'invalid';
  return dateOnly && endOfDay ? new Date(date.getTime() + 86_399_000) : date;
}

function invalidParameter(message: string): RestError {
  // 20001 is Twilio's generic "invalid parameter" code, status 400.
  return { status: 400, code: 20001, message };
}

/**
 * The alerts a Monitor list returns, newest first. Twilio documents that alerts older than 30 days
 * cannot be queried but not the error it answers; the emulator answers a StartDate or EndDate
 * before that window with 400 and code 20001 (invalid parameter), its own choice, so a client
 * can be tested to report it. Alerts past the window are gone, as Twilio purges them.
 */
export function selectAlerts(history: AccountHistory, query: URLSearchParams): HistoryAlert[] | RestError {
  const start = queryDate(query.get('StartDate'));
  const end = queryDate(query.get('EndDate'), true);
  if (start === 'invalid' || end === 'invalid') return invalidParameter('StartDate or EndDate is not a date');
  const oldest = history.now.getTime() - RETENTION_MS;
  for (const [name, date] of [['StartDate', start] as const, ['EndDate', end] as const]) {
    if (date && date.getTime() < oldest)
      return invalidParameter(`${name} cannot be more than 30 days in the past (alerts are kept 30 days)`);
  }
  const level = query.get('LogLevel');
  return history.alerts
    .filter((alert) => alert.dateGenerated.getTime() >= oldest)
    .filter((alert) => !level || alert.logLevel === level)
    .filter((alert) => within(alert.dateGenerated, start, end))
    .sort((a, b) => b.dateGenerated.getTime() - a.dateGenerated.getTime());
}

function within(date: Date, start: Date | null, end: Date | null): boolean {
  return (!start || date >= start) && (!end || date <= end);
}

/**
 * The calls a 2010 Calls list returns, newest first. Twilio documents the filters as written in a
 * URL, `StartTime>=2009-07-06` and `StartTime<=…`, so the parameters are named `StartTime>` and
 * `StartTime<` (twilio-node's startTimeAfter/startTimeBefore): on or after, on or before (a bare
 * date: through the end of that day). `StartTime` is that day or instant; also ParentCallSid,
 * Status, To, From.
 */
export function selectCalls(history: AccountHistory, query: URLSearchParams): HistoryCall[] | RestError {
  const after = queryDate(query.get('StartTime>'));
  const before = queryDate(query.get('StartTime<'), true);
  const on = query.get('StartTime');
  if (after === 'invalid' || before === 'invalid') return invalidParameter('StartTime is not a date');
  const equals = (name: string, value: string | null | undefined) => {
    const wanted = query.get(name);
    return wanted === null || wanted === value;
  };
  return history.calls
    .filter((call) => equals('ParentCallSid', call.parentCallSid ?? null))
    .filter((call) => equals('Status', call.status) && equals('To', call.to) && equals('From', call.from))
    .filter((call) => (!after || call.startTime >= after) && (!before || call.startTime <= before))
    .filter((call) => !on || call.startTime.toISOString().startsWith(on.replace(/Z$/, '')))
    .sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
}
