import type { CallRecord } from '../call-record';
import { WEEKDAYS, type Weekday } from '../config';
import { DECLINE_KINDS, type DeclineKind } from './categories';
import { localTime } from './local-time';

/**
 * 603s by weekday and hour of the local day, by kind: the heatmap the HTML report and the dashboard
 * draw. A person's declines spread over the day; a rule's cluster where the PBX's schedule sits.
 */
export interface HeatmapCell {
  readonly weekday: Weekday;
  /** 0–23, local. */
  readonly hour: number;
  readonly dials: number;
  readonly declines: Readonly<Record<DeclineKind, number>>;
}

/** Every weekday × hour with a dial, Monday 00 first. */
export function declineHeatmap(calls: readonly CallRecord[], timezone: string): HeatmapCell[] {
  const cells = new Map<
    string,
    { weekday: Weekday; hour: number; dials: number; declines: Record<DeclineKind, number> }
  >();
  for (const leg of calls.flatMap((call) => Object.values(call.legs))) {
    const { weekday, hour } = localTime(leg.occurredAt, timezone);
    const key = `${WEEKDAYS.indexOf(weekday)}/${String(hour).padStart(2, '0')}`;
    const cell = cells.get(key) ?? {
      weekday,
      hour,
      dials: 0,
      declines: Object.fromEntries(DECLINE_KINDS.map((kind) => [kind, 0])) as Record<DeclineKind, number>,
    };
    cell.dials += 1;
    if (leg.disposition === 'declined-by-user' || leg.disposition === 'declined-by-policy') {
      cell.declines[leg.disposition] += 1;
    }
    cells.set(key, cell);
  }
  return [...cells.keys()].sort().map((key) => cells.get(key) as HeatmapCell);
}
