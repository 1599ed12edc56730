import type { CallLeg, CallRecord } from '../call-record';
import { callCategory, legCategory, REPORT_CATEGORIES, type ReportCategory } from './categories';
import { groupBy } from './group-by';
import { localTime } from './local-time';

/**
 * Counts and rates per report category. Two denominators, never mixed:
 * - call-level tallies count calls (each call once, in the category `callCategory` gives it), so an
 *   after-hours call, which has no dial, is a call-level category only;
 * - dial-level tallies count dials (each leg of the hunt once, for its own agent), so a call hunted
 *   through three agents is three dials. Per-agent rates are always per dial.
 * A rate is count / total, unrounded; 0 when the total is 0. Counts are exact integers.
 */
export interface Tally {
  readonly total: number;
  readonly counts: Readonly<Record<ReportCategory, number>>;
  readonly rates: Readonly<Record<ReportCategory, number>>;
}

/** How the report's windows cut time, on the business's local clock. */
export const WINDOW_KINDS = ['hour', 'weekday', 'day'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export interface WindowRates {
  /** `09` (hour of day), `mon` (weekday) or `2026-11-02` (calendar day). */
  readonly window: string;
  /** Calls that started in the window. */
  readonly calls: Tally;
  /** Dials that ended in the window. */
  readonly dials: Tally;
}

export interface Rates {
  readonly calls: Tally;
  readonly dials: Tally;
  /** Per agent id, per dial; agents the config names but nobody dialled are left out. */
  readonly byAgent: Readonly<Record<string, Tally>>;
  readonly windowKind: WindowKind;
  /** In window order (hour, weekday Monday first, date). */
  readonly byWindow: readonly WindowRates[];
  /** Each agent's dials per window, in window order: an agent's decline rate over time. */
  readonly byAgentAndWindow: Readonly<Record<string, readonly AgentWindowRates[]>>;
}

export interface AgentWindowRates {
  readonly window: string;
  readonly dials: Tally;
}

const WEEKDAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function tallyOf(categories: readonly ReportCategory[]): Tally {
  const counts = Object.fromEntries(REPORT_CATEGORIES.map((category) => [category, 0])) as Record<
    ReportCategory,
    number
  >;
  for (const category of categories) counts[category] += 1;
  const total = categories.length;
  const rates = Object.fromEntries(
    REPORT_CATEGORIES.map((category) => [category, total === 0 ? 0 : counts[category] / total]),
  ) as Record<ReportCategory, number>;
  return { total, counts, rates };
}

export const legsOf = (calls: readonly CallRecord[]): CallLeg[] =>
  calls.flatMap((call) => Object.values(call.legs));

/** The window a time falls in, as its key. */
export function windowOf(at: string, kind: WindowKind, timezone: string): string {
  const local = localTime(at, timezone);
  if (kind === 'hour') return String(local.hour).padStart(2, '0');
  if (kind === 'weekday') return local.weekday;
  return local.date;
}

const windowOrder = (kind: WindowKind) => (a: string, b: string) =>
  kind === 'weekday' ? WEEKDAY_ORDER.indexOf(a) - WEEKDAY_ORDER.indexOf(b) : a.localeCompare(b);

function byWindow(calls: readonly CallRecord[], kind: WindowKind, timezone: string): WindowRates[] {
  const callsByWindow = groupBy(calls, (call) => windowOf(call.startedAt, kind, timezone));
  const dialsByWindow = groupBy(legsOf(calls), (leg) => windowOf(leg.occurredAt, kind, timezone));
  const windows = [...new Set([...callsByWindow.keys(), ...dialsByWindow.keys()])].sort(windowOrder(kind));
  return windows.map((window) => ({
    window,
    calls: tallyOf((callsByWindow.get(window) ?? []).map(callCategory)),
    dials: tallyOf((dialsByWindow.get(window) ?? []).map(legCategory)),
  }));
}

function dialsByWindow(legs: readonly CallLeg[], kind: WindowKind, timezone: string): AgentWindowRates[] {
  const byKey = groupBy(legs, (leg) => windowOf(leg.occurredAt, kind, timezone));
  return [...byKey.keys()]
    .sort(windowOrder(kind))
    .map((window) => ({ window, dials: tallyOf((byKey.get(window) ?? []).map(legCategory)) }));
}

/** Every tally of the report for `calls` (already cut to the report's period). */
export function ratesOf(calls: readonly CallRecord[], windowKind: WindowKind, timezone: string): Rates {
  const legs = legsOf(calls);
  const legsByAgent = groupBy(legs, (leg) => leg.agentId);
  const agentIds = [...legsByAgent.keys()].sort();
  const agentLegs = (agentId: string) => legsByAgent.get(agentId) ?? [];
  return {
    calls: tallyOf(calls.map(callCategory)),
    dials: tallyOf(legs.map(legCategory)),
    byAgent: Object.fromEntries(
      agentIds.map((agentId) => [agentId, tallyOf(agentLegs(agentId).map(legCategory))]),
    ),
    windowKind,
    byWindow: byWindow(calls, windowKind, timezone),
    byAgentAndWindow: Object.fromEntries(
      agentIds.map((agentId) => [agentId, dialsByWindow(agentLegs(agentId), windowKind, timezone)]),
    ),
  };
}
