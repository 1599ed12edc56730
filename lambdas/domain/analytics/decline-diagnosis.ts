import type { Weekday } from '../config';
import { FALLBACK_ROUTE, VOICE_ROUTES } from '../voice-routes';
import type { DeclineSource, SourceFinding } from './decline-source';
import { groupBy } from './group-by';
import { localTime } from './local-time';
import { weekdaysInWords } from './pbx-drift';

/**
 * An account's 603s, each classified (decline-source.ts), grouped so a pattern stands out: a rule's
 * after-hours window on one endpoint, one person's declines, a number whose own TwiML rejects. Then
 * what to change, each recommendation once with the evidence behind it (issue 13).
 */

export interface ClassifiedCall {
  readonly callSid: string;
  readonly at: Date;
  /** The number dialled. */
  readonly number: string;
  /** The endpoint the last leg dialled; none when the TwiML rejected the call. */
  readonly endpoint?: string;
  readonly finding: SourceFinding;
}

/** An incoming number's setup as Twilio holds it, with the audit of its voice URL's TwiML. */
export interface NumberSetup {
  readonly number: string;
  readonly voiceUrl?: string;
  readonly fallbackUrl?: string;
  /** Lines of the voice URL's TwiML holding a `<Reject>`, and a `<Dial>` without `action`. */
  readonly rejectLines: readonly number[];
  readonly dialWithoutActionLines: readonly number[];
  /** Why the voice URL's answer could not be audited (a web page, a time-out), if it could not. */
  readonly voiceUrlProblem?: string;
  /** Twilio's alerts that it got no TwiML from the number's URLs (11200, 11205, 12100), counted. */
  readonly webhookFailures?: readonly WebhookFailureCount[];
}

export interface WebhookFailureCount {
  readonly code: string;
  readonly meaning: string;
  readonly count: number;
}

/** Declines of one source on one endpoint (or number), and when they came, on the local clock. */
export interface DeclinePattern {
  readonly source: DeclineSource;
  /** The endpoint, or the number for TwiML rejects. */
  readonly target: string;
  readonly count: number;
  /** "19:00–23:00": the local hours the declines fell in (hourSpan). */
  readonly hours: string;
  /** "Sat–Thu". */
  readonly weekdays: string;
  readonly description: string;
}

export type RecommendationKind =
  | 'route-after-hours-in-twiml'
  | 'pbx-480-not-603'
  | 'add-dial-action'
  | 'set-fallback-url'
  | 'review-reject'
  | 'fix-voice-url';

export interface Recommendation {
  readonly kind: RecommendationKind;
  readonly text: string;
  readonly evidence: readonly string[];
}

/** One number's calls by source: which numbers the declines land on. */
export interface NumberTally {
  readonly number: string;
  readonly bySource: Readonly<Record<DeclineSource, number>>;
}

export interface DeclineDiagnosis {
  readonly bySource: Readonly<Record<DeclineSource, number>>;
  /** Per number called, busiest first. */
  readonly byNumber: readonly NumberTally[];
  readonly patterns: readonly DeclinePattern[];
  readonly recommendations: readonly Recommendation[];
}

const SOURCES: readonly DeclineSource[] = ['person', 'pbx-rule', 'your-twiml', 'not-a-decline', 'unknown'];

const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * The shortest stretch of the clock holding every hour given, midnight crossed if shorter:
 * 19, 20, 22 → "19:00–23:00"; 23, 0, 1 → "23:00–02:00". A rule's window reads as one span even
 * when a week's calls missed an hour of it.
 */
export function hourSpan(hours: readonly number[]): string {
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  // The widest gap between neighbours (the last wrapping round to the first) is where the span is not.
  let start = 0;
  let widest = sorted[0] + 24 - sorted[sorted.length - 1];
  for (let index = 1; index < sorted.length; index++) {
    const gap = sorted[index] - sorted[index - 1];
    if (gap > widest) {
      widest = gap;
      start = index;
    }
  }
  const end = sorted[(start + sorted.length - 1) % sorted.length];
  return `${pad(sorted[start])}–${pad((end + 1) % 24)}`;
}

const SOURCE_WORDS: Record<DeclineSource, string> = {
  person: 'declined by a person',
  'pbx-rule': "declined by the PBX's rules",
  'your-twiml': "rejected by the number's own TwiML",
  'not-a-decline': 'refused but not declined (busy or unavailable)',
  unknown: 'of unknown source',
};

function pattern(source: DeclineSource, target: string, calls: readonly ClassifiedCall[], timezone: string) {
  const times = calls.map((call) => localTime(call.at, timezone));
  const hours = hourSpan(times.map((time) => time.hour));
  const weekdays = weekdaysInWords([...new Set(times.map((time) => time.weekday))] as Weekday[]);
  const description = `${target}: ${calls.length} call${calls.length === 1 ? '' : 's'} ${SOURCE_WORDS[source]}, ${weekdays}, ${hours} (${timezone})`;
  return { source, target, count: calls.length, hours, weekdays, description };
}

/** One pattern per source and endpoint (per number for TwiML rejects), largest first. */
export function declinePatterns(calls: readonly ClassifiedCall[], timezone: string): DeclinePattern[] {
  const groups = groupBy(calls, (call) => `${call.finding.source} ${call.endpoint ?? call.number}`);
  return [...groups.values()]
    .map((group) => pattern(group[0].finding.source, group[0].endpoint ?? group[0].number, group, timezone))
    .sort((a, b) => b.count - a.count || a.target.localeCompare(b.target));
}

function ruleRecommendations(patterns: readonly DeclinePattern[]): Recommendation[] {
  const rules = patterns.filter((found) => found.source === 'pbx-rule');
  if (rules.length === 0) return [];
  const evidence = rules.map((found) => found.description);
  return [
    {
      kind: 'route-after-hours-in-twiml',
      text: 'Route calls outside opening hours in TwiML before the PBX is rung (Redial does this), so the caller hears the closed message and a callback offer instead of a decline.',
      evidence,
    },
    {
      kind: 'pbx-480-not-603',
      text: 'Have the PBX answer 480 (temporarily unavailable), not 603, when no route or person is available: 603 is a global, final decline that nothing retries.',
      evidence,
    },
  ];
}

function numberRecommendations(
  numbers: readonly NumberSetup[],
  calls: readonly ClassifiedCall[],
): Recommendation[] {
  const rejected = (number: string) =>
    calls.filter((call) => call.number === number && call.finding.source === 'your-twiml');
  return numbers.flatMap((setup): Recommendation[] => [
    ...setup.rejectLines.map((line) => ({
      kind: 'review-reject' as const,
      text: `Remove or confirm the <Reject> on line ${line} of ${setup.voiceUrl}: every call that reaches it is declined before anyone can answer.`,
      evidence: [`${setup.number}: ${rejected(setup.number).length} calls rejected by its own TwiML`],
    })),
    ...setup.dialWithoutActionLines.map((line) => ({
      kind: 'add-dial-action' as const,
      text: `Add an action URL to the <Dial> on line ${line} of ${setup.voiceUrl} (point it at Redial's ${VOICE_ROUTES.dialStatus}), so a declined or unanswered dial reaches an app that can offer voicemail or a callback.`,
      evidence: [`${setup.number}: <Dial> without action on line ${line}`],
    })),
    ...voiceUrlRecommendation(setup),
    ...(setup.fallbackUrl
      ? []
      : [
          {
            kind: 'set-fallback-url' as const,
            text: `Set a voice fallback URL on ${setup.number}, so a failed or slow voice URL still answers the caller (Redial's ${FALLBACK_ROUTE} does).`,
            evidence: [`${setup.number}: no voice fallback URL`, ...failureEvidence(setup)],
          },
        ]),
  ]);
}

/** "+1555…: Twilio got no TwiML 2 times (11200 HTTP retrieval failure)", per code. */
function failureEvidence(setup: NumberSetup): string[] {
  return (setup.webhookFailures ?? []).map(
    ({ code, meaning, count }) =>
      `${setup.number}: Twilio got no TwiML ${count === 1 ? 'once' : `${count} times`} (${code} ${meaning})`,
  );
}

function voiceUrlRecommendation(setup: NumberSetup): Recommendation[] {
  if (!setup.voiceUrlProblem) return [];
  return [
    {
      kind: 'fix-voice-url',
      text: `Point the voice URL of ${setup.number} at an app that answers TwiML in time (Redial's ${VOICE_ROUTES.incoming}): callers to it get the fallback or an error.`,
      evidence: [`${setup.number}: ${setup.voiceUrl} ${setup.voiceUrlProblem}`],
    },
  ];
}

function tally(calls: readonly ClassifiedCall[]): Record<DeclineSource, number> {
  return Object.fromEntries(
    SOURCES.map((source) => [source, calls.filter((call) => call.finding.source === source).length]),
  ) as Record<DeclineSource, number>;
}

const total = (bySource: Readonly<Record<DeclineSource, number>>) =>
  Object.values(bySource).reduce((sum, count) => sum + count, 0);

/** Counts by source, the patterns, and each recommendation once (per number and line where it is one). */
export function diagnoseDeclines(
  calls: readonly ClassifiedCall[],
  numbers: readonly NumberSetup[],
  timezone: string,
): DeclineDiagnosis {
  const byNumber = [...groupBy(calls, (call) => call.number).values()]
    .map((group) => ({ number: group[0].number, bySource: tally(group) }))
    .sort((a, b) => total(b.bySource) - total(a.bySource) || a.number.localeCompare(b.number));
  const patterns = declinePatterns(calls, timezone);
  return {
    bySource: tally(calls),
    byNumber,
    patterns,
    recommendations: [...ruleRecommendations(patterns), ...numberRecommendations(numbers, calls)],
  };
}
