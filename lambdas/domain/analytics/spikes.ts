import type { CallLeg, CallRecord } from '../call-record';
import type { RedialConfig } from '../config';
import { DECLINE_KINDS, type DeclineKind } from './categories';
import { daysBetween, localTime } from './local-time';
import { groupBy, legsOf } from './rates';
import { benjaminiHochberg, binomialUpperTail } from './statistics';

/**
 * Decline spikes: an agent × day whose 603s of one kind stand out from that agent's own trailing
 * baseline, told apart as a training question or a routing rule.
 *
 * Method. For each agent, each local calendar day in the report's period and each kind of decline
 * (by a person, by a rule), with n the agent's dials that day and k the declines of that kind, the
 * p-value is the exact one-sided binomial tail P(X ≥ k | n, p0). p0 is the agent's own rate of that
 * kind over the BASELINE_DAYS days before the day, (declines + ½) / (dials + 1): the half-count
 * prior keeps p0 above 0, so an agent who never declined before is not flagged by one decline
 * (with p0 = 0 any k ≥ 1 would have p = 0). A day is tested only with at least MIN_DIALS dials
 * (fewer cannot show a spike: 2 of 3 is not evidence) and MIN_BASELINE_DIALS baseline dials
 * (an agent's own normal needs data). Testing every agent × day × kind would find chance spikes
 * by the dozen at a fixed threshold, so the discoveries are chosen by Benjamini–Hochberg at a
 * false discovery rate FALSE_DISCOVERY_RATE across all the tests of the report: on data with no
 * spike, the chance of reporting any is at most that rate.
 *
 * Classification, from what the discoveries share:
 * - person declines (declined-by-user), grouped by agent: one person saying no more than they
 *   used to, whichever days it is → a training or availability question for that agent;
 * - rule declines (declined-by-policy), grouped by day: a PBX rule acts on every extension it
 *   routes, so several agents at once in one window → a routing rule (one agent alone → a rule on
 *   that agent's extension).
 */
export const BASELINE_DAYS = 14;
export const MIN_DIALS = 8;
export const MIN_BASELINE_DIALS = 40;
export const FALSE_DISCOVERY_RATE = 0.05;
/** The half-count prior: (k + PRIOR_DECLINES) / (n + PRIOR_DIALS). */
const PRIOR_DECLINES = 0.5;
const PRIOR_DIALS = 1;

export const SPIKE_METHOD =
  `one-sided exact binomial tail P(X ≥ k | n, p0) per agent × local day × decline kind, p0 = the agent's ` +
  `own rate over the previous ${BASELINE_DAYS} days as (k + ${PRIOR_DECLINES}) / (n + ${PRIOR_DIALS}); ` +
  `tested with at least ${MIN_DIALS} dials and ${MIN_BASELINE_DIALS} baseline dials; ` +
  `Benjamini–Hochberg at q = ${FALSE_DISCOVERY_RATE} across all tests`;

export interface SpikeTest {
  readonly agentId: string;
  /** The local calendar day tested (YYYY-MM-DD). */
  readonly window: string;
  readonly kind: DeclineKind;
  readonly dials: number;
  readonly declines: number;
  readonly baselineDials: number;
  readonly baselineDeclines: number;
  /** p0: the rate the day is judged against. */
  readonly baselineRate: number;
  readonly pValue: number;
  /** The Benjamini–Hochberg adjusted p-value: a discovery when at most the false discovery rate. */
  readonly adjustedPValue: number;
}

export type SpikeClassification = 'training-or-availability' | 'routing-rule';

export interface Spike {
  readonly classification: SpikeClassification;
  readonly kind: DeclineKind;
  readonly agentIds: readonly string[];
  readonly windows: readonly string[];
  readonly tests: readonly SpikeTest[];
  readonly explanation: string;
}

export interface SpikeReport {
  readonly method: string;
  /** How many agent × day × kind tests were run (the m of the correction). */
  readonly testsRun: number;
  readonly spikes: readonly Spike[];
}

/** One agent's dials, by local day. */
type DialsByDay = Map<string, CallLeg[]>;

const countKind = (legs: readonly CallLeg[], kind: DeclineKind) =>
  legs.filter((leg) => leg.disposition === kind).length;

/** The agent's dials and declines of `kind` in the BASELINE_DAYS days before `day`. */
function baselineOf(byDay: DialsByDay, day: string, kind: DeclineKind): { dials: number; declines: number } {
  let dials = 0;
  let declines = 0;
  for (const [other, legs] of byDay) {
    const before = daysBetween(other, day);
    if (before < 1 || before > BASELINE_DAYS) continue;
    dials += legs.length;
    declines += countKind(legs, kind);
  }
  return { dials, declines };
}

type UncorrectedTest = Omit<SpikeTest, 'adjustedPValue'>;

function testsForAgent(
  agentId: string,
  byDay: DialsByDay,
  inPeriod: (day: string) => boolean,
): UncorrectedTest[] {
  return [...byDay.entries()].flatMap(([window, legs]) => {
    if (!inPeriod(window) || legs.length < MIN_DIALS) return [];
    return DECLINE_KINDS.flatMap((kind) => {
      const baseline = baselineOf(byDay, window, kind);
      if (baseline.dials < MIN_BASELINE_DIALS) return [];
      const baselineRate = (baseline.declines + PRIOR_DECLINES) / (baseline.dials + PRIOR_DIALS);
      const declines = countKind(legs, kind);
      return [
        {
          agentId,
          window,
          kind,
          dials: legs.length,
          declines,
          baselineDials: baseline.dials,
          baselineDeclines: baseline.declines,
          baselineRate,
          pValue: binomialUpperTail(declines, legs.length, baselineRate),
        },
      ];
    });
  });
}

/** Every test of the period, each with its Benjamini–Hochberg adjusted p-value. */
export function spikeTests(
  calls: readonly CallRecord[],
  timezone: string,
  period: { readonly since: string; readonly until: string },
): SpikeTest[] {
  const firstDay = localTime(period.since, timezone).date;
  // `until` is exclusive: the last day is that of the instant just before it.
  const lastDay = localTime(new Date(Date.parse(period.until) - 1), timezone).date;
  const inPeriod = (day: string) => day >= firstDay && day <= lastDay;
  const byAgent = groupBy(legsOf(calls), (leg) => leg.agentId);
  const tests = [...byAgent.entries()].flatMap(([agentId, legs]) =>
    testsForAgent(
      agentId,
      groupBy(legs, (leg) => localTime(leg.occurredAt, timezone).date),
      inPeriod,
    ),
  );
  const { adjusted } = benjaminiHochberg(
    tests.map((test) => test.pValue),
    FALSE_DISCOVERY_RATE,
  );
  return tests.map((test, index) => ({ ...test, adjustedPValue: adjusted[index] }));
}

const percent = (rate: number) => `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;

function testInWords(test: SpikeTest, nameOf: (agentId: string) => string): string {
  return (
    `${nameOf(test.agentId)} on ${test.window}: ${test.declines} of ${test.dials} dials ` +
    `(usually ${percent(test.baselineRate)}, p = ${test.pValue.toExponential(1)})`
  );
}

function trainingSpike(agentId: string, tests: SpikeTest[], nameOf: (agentId: string) => string): Spike {
  const windows = tests.map((test) => test.window);
  return {
    classification: 'training-or-availability',
    kind: 'declined-by-user',
    agentIds: [agentId],
    windows,
    tests,
    explanation:
      `${nameOf(agentId)} declined far more calls than usual on ${windows.join(', ')} ` +
      `(${tests.map((test) => testInWords(test, nameOf)).join('; ')}): person declines concentrated on ` +
      `one agent are a training or availability question for ${nameOf(agentId)}.`,
  };
}

function routingSpike(window: string, tests: SpikeTest[], nameOf: (agentId: string) => string): Spike {
  const agentIds = tests.map((test) => test.agentId);
  const names = agentIds.map(nameOf).join(', ');
  const whose =
    agentIds.length > 1
      ? `across ${agentIds.length} agents (${names}) at once: a routing rule`
      : `on ${names}'s extension alone: a routing rule on that extension`;
  return {
    classification: 'routing-rule',
    kind: 'declined-by-policy',
    agentIds,
    windows: [window],
    tests,
    explanation:
      `The PBX declined by rule far more calls than usual on ${window} ` +
      `(${tests.map((test) => testInWords(test, nameOf)).join('; ')}), ${whose}. ` +
      `Check the PBX's time conditions, call screening and ring groups in force that day.`,
  };
}

/** The spikes among `calls` in the period; `calls` may reach back before it, for the baselines. */
export function findSpikes(
  calls: readonly CallRecord[],
  config: Pick<RedialConfig, 'timezone' | 'agents'>,
  period: { readonly since: string; readonly until: string },
): SpikeReport {
  const tests = spikeTests(calls, config.timezone, period);
  const discovered = tests.filter((test) => test.adjustedPValue <= FALSE_DISCOVERY_RATE);
  const names = new Map(config.agents.map((agent) => [agent.id, agent.name]));
  const nameOf = (agentId: string) => names.get(agentId) ?? agentId;
  const byWindow = (a: SpikeTest, b: SpikeTest) => a.window.localeCompare(b.window);
  const training = groupBy(
    discovered.filter((test) => test.kind === 'declined-by-user'),
    (test) => test.agentId,
  );
  const routing = groupBy(
    discovered.filter((test) => test.kind === 'declined-by-policy'),
    (test) => test.window,
  );
  const spikes = [
    ...[...training].map(([agentId, agentTests]) =>
      trainingSpike(agentId, agentTests.sort(byWindow), nameOf),
    ),
    ...[...routing].map(([window, windowTests]) =>
      routingSpike(
        window,
        windowTests.sort((a, b) => a.agentId.localeCompare(b.agentId)),
        nameOf,
      ),
    ),
  ];
  return { method: SPIKE_METHOD, testsRun: tests.length, spikes };
}
