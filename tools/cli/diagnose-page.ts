import type { DeclineSource } from '../../lambdas/domain/analytics/decline-source';
import { localTime, WEEKDAY_LABELS } from '../../lambdas/domain/analytics/local-time';
import {
  countsInWords,
  type DiagnoseReport,
  findingInBrief,
  localStamp,
  type ReportedCall,
  type ReportedNumber,
  type ReportedWebhookFailure,
  SOURCE_NAMES,
  windowInWords,
} from './diagnose-report';
import { HOUR_AXIS, type ReportChart, WEEKDAY_AXIS } from './report-charts';
import { chartFigure, escapeHtml } from './report-page';

/**
 * `redial diagnose --html`: where an account's declines (SIP 603) come from, as one self-contained
 * page, drawn from the report alone (diagnose-report.ts). The weekday × hour chart is drawn to SVG
 * here, in Node, as `redial report --html` draws its own (report-page.ts); every string from the
 * report (Twilio's records, a voice URL's answer) is data and is escaped; the report itself rides
 * along as JSON. Nothing is loaded from elsewhere.
 */

/** The sources in the order the page lists them. */
const SOURCES = Object.keys(SOURCE_NAMES) as DeclineSource[];

/** One colour per source: the two 603 kinds as `redial report` colours them, the rest apart. */
const SOURCE_COLORS: Readonly<Record<DeclineSource, string>> = {
  person: '#e45756',
  'pbx-rule': '#b279a2',
  'your-twiml': '#4c78a8',
  'not-a-decline': '#eeca3b',
  unknown: '#9d9d9d',
};

const NO_CALLS = 'No declined calls in this window.';
const NONE = '—';

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 66rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin: 1.8rem 0 .3rem; }
.setting, figcaption p { color: #555; margin: .15rem 0; }
.setting b { color: #222; font-weight: 600; }
.empty { background: #f4f4f4; padding: 1rem; color: #555; }
.problems { background: #fdf0f0; border-left: 4px solid #d62728; padding: .4rem .8rem; margin: 1rem 0; }
.problems h2 { margin-top: .3rem; }
.problems li { margin: .2rem 0; }
.recommendations > li { margin: .6rem 0; }
.recommendations ul { color: #555; font-size: .9rem; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .4em; border-radius: 2px; vertical-align: baseline; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { padding: .2rem .6rem; text-align: left; vertical-align: top; border-bottom: 1px solid #ddd; }
td.count { text-align: right; }
td.url, td.sid { word-break: break-all; }
`;

/** Escaped text, or "—" where the report has none: no cell is empty, none reads "undefined". */
const text = (value: string | number | undefined | null) =>
  value === undefined || value === null || value === '' ? NONE : escapeHtml(String(value));

function heading(report: DiagnoseReport): string {
  const insights =
    report.insights === 'unknown' ? 'unknown (no dialled leg was asked about)' : report.insights;
  const settings: [string, string][] = [
    ['Account', text(report.account)],
    ['Window', escapeHtml(windowInWords(report))],
    ['Numbers', report.number === undefined ? 'all the account’s numbers' : `only ${text(report.number)}`],
    ['Credentials from', text(report.credentialsFrom)],
    ['Voice Insights', escapeHtml(insights)],
    ['Read', escapeHtml(countsInWords(report))],
  ];
  return [
    `<h1>Where this account's declines come from</h1>`,
    ...settings.map(([name, value]) => `<p class="setting"><b>${name}:</b> ${value}</p>`),
  ].join('\n');
}

function problemsSection(problems: readonly string[]): string {
  if (problems.length === 0) return '';
  const items = problems.map((problem) => `<li>${text(problem)}</li>`).join('\n');
  return `<section class="problems" id="problems"><h2>Problems: what could not be read or checked</h2>\n<ul>\n${items}\n</ul></section>`;
}

function sourceTable(report: DiagnoseReport): string {
  const rows = SOURCES.map(
    (source) =>
      `<tr><td><span class="swatch" style="background:${SOURCE_COLORS[source]}"></span>${escapeHtml(SOURCE_NAMES[source])}</td><td class="count">${report.bySource[source] ?? 0}</td></tr>`,
  );
  const total = SOURCES.reduce((sum, source) => sum + (report.bySource[source] ?? 0), 0);
  return [
    `<h2 id="sources">Where the refused calls came from</h2>`,
    `<table id="sources-table"><thead><tr><th>Source</th><th>Calls</th></tr></thead><tbody>`,
    ...rows,
    `<tr><th>All</th><td class="count">${total}</td></tr>`,
    `</tbody></table>`,
  ].join('\n');
}

/** One cell of the chart: the calls of one source on one local weekday and hour. */
export interface HourCell {
  readonly source: string;
  readonly weekday: string;
  readonly hour: number;
  readonly calls: number;
}

/** The calls counted by source × local weekday × hour, on `timezone`'s clock. */
export function hourCells(calls: readonly ReportedCall[], timezone: string): HourCell[] {
  const cells = new Map<string, HourCell>();
  for (const call of calls) {
    const local = localTime(call.at, timezone);
    const [weekday, hour] = [WEEKDAY_LABELS[local.weekday], local.hour];
    const source = SOURCE_NAMES[call.source] ?? SOURCE_NAMES.unknown;
    const key = `${source} ${weekday} ${hour}`;
    cells.set(key, { source, weekday, hour, calls: (cells.get(key)?.calls ?? 0) + 1 });
  }
  return [...cells.values()];
}

/** A weekday × hour grid per source present, each in its source's colour, darker for more calls. */
function hourChart(report: DiagnoseReport): ReportChart {
  const cells = hourCells(report.calls, report.timezone);
  const present = SOURCES.filter((source) => report.calls.some((call) => call.source === source));
  const counts = [...new Set(cells.map((cell) => cell.calls))].sort((a, b) => a - b);
  const most = Math.max(1, ...counts);
  return {
    id: 'declines-by-hour',
    title: 'Refused calls by local weekday and hour, by source',
    caption: `Each square is an hour on ${report.timezone}'s clock: a rule's after-hours block stands apart from a person's declines spread over the working day.`,
    empty: cells.length === 0 ? NO_CALLS : undefined,
    spec: {
      data: { values: cells as unknown as Record<string, unknown>[] },
      facet: {
        row: {
          field: 'source',
          type: 'nominal',
          title: null,
          sort: present.map((source) => SOURCE_NAMES[source]),
          header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontSize: 12 },
        },
      },
      spec: {
        width: 24 * 22,
        height: 7 * 18,
        mark: { type: 'rect', stroke: '#fff', strokeWidth: 1 },
        encoding: {
          x: HOUR_AXIS,
          y: WEEKDAY_AXIS,
          color: {
            field: 'source',
            type: 'nominal',
            title: 'source',
            legend: { labelLimit: 260 },
            scale: {
              domain: SOURCES.map((source) => SOURCE_NAMES[source]),
              range: SOURCES.map((source) => SOURCE_COLORS[source]),
            },
          },
          opacity: {
            field: 'calls',
            type: 'quantitative',
            title: 'calls in the hour',
            scale: { domain: [0, most], range: [0.25, 1] },
            legend: counts.length > 1 ? { values: counts, format: 'd' } : null,
          },
          tooltip: [
            { field: 'source' },
            { field: 'weekday' },
            { field: 'hour' },
            { field: 'calls', type: 'quantitative' },
          ],
        },
      },
    },
  };
}

function patternsSection(report: DiagnoseReport): string {
  const items = report.patterns.map((pattern) => `<li>${text(pattern.description)}</li>`);
  return [
    `<h2 id="patterns">Patterns</h2>`,
    items.length === 0 ? '<p>None.</p>' : `<ul id="patterns-list">\n${items.join('\n')}\n</ul>`,
  ].join('\n');
}

function recommendationsSection(report: DiagnoseReport): string {
  const items = report.recommendations.map((recommendation) => {
    const evidence = recommendation.evidence.map((line) => `<li>${text(line)}</li>`).join('');
    return `<li><p>${text(recommendation.text)}</p>${evidence ? `<ul>${evidence}</ul>` : ''}</li>`;
  });
  return [
    `<h2 id="recommendations">Recommendations</h2>`,
    items.length === 0
      ? '<p>None.</p>'
      : `<ol class="recommendations" id="recommendations-list">\n${items.join('\n')}\n</ol>`,
  ].join('\n');
}

/** What the audit of a number's voice URL found, in words (each part escaped). */
function numberAudit(number: ReportedNumber): string {
  if (number.findings.length > 0)
    return number.findings.map((finding) => text(findingInBrief(finding))).join('<br>');
  if (number.twimlProblem) return text(number.twimlProblem);
  if (number.routedBy) return `routed by ${text(number.routedBy)}`;
  if (!number.voiceUrl) return 'no voice URL';
  return 'no findings';
}

const orNone = (value: string | undefined) => (value ? escapeHtml(value) : 'none');

function table(id: string, head: readonly string[], rows: readonly string[][]): string {
  const header = head.map((name) => `<th>${escapeHtml(name)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`);
  return `<table id="${id}"><thead><tr>${header}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

/** Each number's calls by source: which numbers the declines land on. */
function byNumberSection(report: DiagnoseReport): string {
  if (report.byNumber.length < 2) return '';
  const sources = SOURCES.filter((source) => (report.bySource[source] ?? 0) > 0);
  const rows = report.byNumber.map(({ number, bySource }) => [
    text(number),
    ...sources.map((source) => String(bySource[source] ?? 0)),
  ]);
  return [
    `<h2 id="by-number">By number</h2>`,
    table('by-number-table', ['Number', ...sources.map((source) => SOURCE_NAMES[source])], rows),
  ].join('\n');
}

function numbersSection(report: DiagnoseReport): string {
  const rows = report.numbers.map((number) => [
    `${text(number.number)}${number.friendlyName ? ` (${escapeHtml(number.friendlyName)})` : ''}${number.via ? `<br>via ${escapeHtml(number.via)}` : ''}`,
    orNone(number.voiceUrl),
    orNone(number.fallbackUrl),
    orNone(number.statusCallback),
    numberAudit(number),
  ]);
  return [
    `<h2 id="numbers">Numbers</h2>`,
    rows.length === 0
      ? '<p>No numbers read.</p>'
      : table(
          'numbers-table',
          ['Number', 'Voice URL', 'Fallback URL', 'Status callback', 'TwiML audit'],
          rows,
        ),
  ].join('\n');
}

function callsSection(report: DiagnoseReport): string {
  const calls = [...report.calls].sort((a, b) => a.at.localeCompare(b.at));
  const rows = calls.map((call) => [
    escapeHtml(localStamp(call.at, report.timezone)),
    text(call.callSid),
    text(call.number),
    text(call.endpoint),
    text(call.alertCode),
    text(SOURCE_NAMES[call.source] ?? call.source),
    text(call.evidence.join('; ')),
  ]);
  return [
    `<h2 id="calls">Calls</h2>`,
    rows.length === 0
      ? `<p>${NO_CALLS}</p>`
      : table(
          'calls-table',
          [`Local time (${report.timezone})`, 'Call', 'Number', 'Endpoint', 'Alert', 'Source', 'Evidence'],
          rows,
        ),
  ].join('\n');
}

function failuresSection(failures: readonly ReportedWebhookFailure[], timezone: string): string {
  if (failures.length === 0) return '';
  const rows = [...failures]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((failure) => [
      escapeHtml(localStamp(failure.at, timezone)),
      text(failure.code),
      text(failure.meaning),
      text(failure.number),
      text(failure.url),
    ]);
  return [
    `<h2 id="webhook-failures">Twilio could not get TwiML (webhook failures)</h2>`,
    table('webhook-failures-table', [`Local time (${timezone})`, 'Code', 'Meaning', 'Number', 'URL'], rows),
  ].join('\n');
}

/** The report as JSON inside the page: no `<` survives, so no string can close the script. */
const embeddedJson = (report: DiagnoseReport) => JSON.stringify(report).replace(/</g, '\\u003c');

/** The whole page: heading, problems, sources, chart, patterns, recommendations, the tables, the JSON. */
export async function diagnosePage(report: DiagnoseReport): Promise<string> {
  const chart = await chartFigure(hourChart(report));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Where the declines come from: ${text(report.account)}</title>
<style>${STYLE}</style>
</head>
<body>
${heading(report)}
${problemsSection(report.problems)}
${sourceTable(report)}
${byNumberSection(report)}
${chart}
${patternsSection(report)}
${recommendationsSection(report)}
${numbersSection(report)}
${callsSection(report)}
${failuresSection(report.webhookFailures, report.timezone)}
<script type="application/json" id="report">${embeddedJson(report)}</script>
</body>
</html>
`;
}
