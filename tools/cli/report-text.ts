import type {
  DeclineReport,
  EndpointProfile,
  ReportCategory,
  Tally,
} from '../../lambdas/domain/analytics/analyze-declines';
import { alignedLines } from './text-table';

/** `redial report` as text: the rates as tables, then each finding in words. */

/** The categories as the report's columns name them: the SIP code a supervisor knows them by. */
export const CATEGORY_COLUMNS: readonly (readonly [ReportCategory, string])[] = [
  ['answered', 'answered'],
  ['declined-by-user', '603 person'],
  ['declined-by-policy', '603 rule'],
  ['busy', '486 busy'],
  ['unavailable', '480 unavail.'],
  ['no-answer', 'no answer'],
  ['failed', 'failed'],
  ['abandoned', 'abandoned'],
  ['after-hours', 'after hours'],
  ['other', 'other'],
];

export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** `12 (4.0%)`, or `-` when the row has none of it. */
export const countAndRate = (tally: Tally, category: ReportCategory) =>
  tally.counts[category] === 0 ? '-' : `${tally.counts[category]} (${percent(tally.rates[category])})`;

/** The columns of a table of tallies: the categories any of its rows has. */
export const columnsOf = (rows: readonly (readonly [string, Tally])[]) =>
  CATEGORY_COLUMNS.filter(([category]) => rows.some(([, tally]) => tally.counts[category] > 0));

/** A table of tallies: one row per label, a column per category any row has. */
function tallyTable(heading: string, rows: readonly (readonly [string, Tally])[]): string[] {
  const columns = columnsOf(rows);
  return alignedLines([
    [heading, 'total', ...columns.map(([, name]) => name)],
    ...rows.map(([label, tally]) => [
      label,
      String(tally.total),
      ...columns.map(([category]) => countAndRate(tally, category)),
    ]),
  ]).map((line) => `  ${line}`);
}

function codesInWords(profile: EndpointProfile): string {
  return profile.codes
    .map((code) => `${code.code} ×${code.count} (median ${code.medianRingSeconds.toFixed(1)} s)`)
    .join(', ');
}

function endpointLines(profiles: readonly EndpointProfile[]): string[] {
  return profiles.flatMap((profile) => [
    `  ${profile.agentId}${profile.dial ? ` ${profile.dial}` : ''}: ${plural(profile.dials, 'dial')}: ${codesInWords(profile)}`,
    ...profile.recommendations.map((advice) => `    → ${advice}`),
  ]);
}

/** The findings in words, or a sentence saying there are none, so silence is never ambiguous. */
function findingLines(report: DeclineReport): string[] {
  const { spikes, pbxDrift } = report;
  return [
    `Spikes (${plural(spikes.testsRun, 'agent × day test')}):`,
    `  method: ${spikes.method}`,
    ...(spikes.spikes.length === 0
      ? ['  none']
      : spikes.spikes.map((spike) => `  - ${spike.classification}: ${spike.explanation}`)),
    '',
    'PBX drift (rule declines while Redial says open):',
    ...(pbxDrift.length === 0
      ? ['  none']
      : pbxDrift.flatMap((window) => [`  - ${window.summary}`, `    → ${window.recommendation}`])),
  ];
}

export function reportLines(report: DeclineReport): string[] {
  const { period, rates } = report;
  return [
    `Decline report, ${period.since} to ${period.until} (${period.timezone}): ${plural(rates.calls.total, 'call')}, ${plural(rates.dials.total, 'dial')}`,
    '',
    'Calls, by how each ended:',
    ...tallyTable('', [['all calls', rates.calls]]),
    '',
    'Dials, by agent:',
    ...tallyTable('agent', Object.entries(rates.byAgent)),
    '',
    `Calls, by ${rates.windowKind}:`,
    ...tallyTable(
      rates.windowKind,
      rates.byWindow.map((window) => [window.window, window.calls]),
    ),
    '',
    ...findingLines(report),
    '',
    'Endpoints, by the final SIP code they return:',
    ...(report.endpoints.length === 0 ? ['  none dialled'] : endpointLines(report.endpoints)),
  ];
}
