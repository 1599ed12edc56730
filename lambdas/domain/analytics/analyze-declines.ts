import type { CallRecord } from '../call-record';
import type { RedialConfig } from '../config';
import { type EndpointProfile, profileEndpoints } from './endpoint-profile';
import { declineHeatmap, type HeatmapCell } from './heatmap';
import { type DriftWindow, findPbxDrift, inDriftWindow } from './pbx-drift';
import { type Rates, ratesOf, type WindowKind } from './rates';
import { findSpikes, type SpikeReport } from './spikes';

/**
 * The decline report: one pure function from call records and the config to a plain,
 * JSON-serializable object, which `redial report --json` prints, and the dashboard and the HTML
 * report draw. No I/O: the caller reads the calls (the period, plus up to BASELINE_DAYS before it
 * for the spike baselines) and hands them in.
 */
export interface DeclineReportOptions {
  /** ISO instant, inclusive. */
  readonly since: string;
  /** ISO instant, exclusive. */
  readonly until: string;
  /**
   * How the rates' windows cut time (default: local calendar days). `agent` is accepted for
   * `redial report --by agent`: the per-agent rates are always in the report, with windows of days.
   */
  readonly by?: WindowKind | 'agent';
}

export interface DeclineReport {
  readonly period: { readonly since: string; readonly until: string; readonly timezone: string };
  /** Counts and rates of the calls that started in the period. */
  readonly rates: Rates;
  readonly spikes: SpikeReport;
  /** Windows where the PBX declined by rule while Redial's config said open. */
  readonly pbxDrift: readonly DriftWindow[];
  readonly endpoints: readonly EndpointProfile[];
  /** 603s by local weekday and hour, by kind. */
  readonly heatmap: readonly HeatmapCell[];
}

const startedIn = (since: string, until: string) => (call: CallRecord) => {
  const at = Date.parse(call.startedAt);
  return at >= Date.parse(since) && at < Date.parse(until);
};

export function analyzeDeclines(
  calls: readonly CallRecord[],
  config: RedialConfig,
  options: DeclineReportOptions,
): DeclineReport {
  const { since, until } = options;
  const inPeriod = calls.filter(startedIn(since, until));
  const pbxDrift = findPbxDrift(inPeriod, config);
  const windowKind = options.by === undefined || options.by === 'agent' ? 'day' : options.by;
  return {
    period: { since, until, timezone: config.timezone },
    rates: ratesOf(inPeriod, windowKind, config.timezone),
    // Every call handed in, so that the first days of the period have their baselines.
    spikes: findSpikes(calls, config, { since, until }),
    pbxDrift,
    endpoints: profileEndpoints(inPeriod, config, (leg) =>
      inDriftWindow(leg.occurredAt, pbxDrift, config.timezone),
    ),
    heatmap: declineHeatmap(inPeriod, config.timezone),
  };
}

/** The report's parts, for the commands and pages that print or draw it. */
export type { DeclineKind, ReportCategory } from './categories';
export type { CodeProfile, EndpointProfile } from './endpoint-profile';
export type { HeatmapCell } from './heatmap';
export type { DriftWindow } from './pbx-drift';
export type { AgentWindowRates, Rates, Tally, WindowKind, WindowRates } from './rates';
export type { Spike, SpikeReport, SpikeTest } from './spikes';
