import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { DeclineReport, Tally } from '../../lambdas/domain/analytics/analyze-declines';
import { type ReportChart, reportCharts } from './report-charts';
import { columnsOf, countAndRate, plural } from './report-text';

/**
 * The decline report as one self-contained HTML page: its charts drawn to SVG here, in Node (Vega
 * needs no DOM), its findings in words, its tables, and the report itself as JSON. Nothing is
 * loaded from elsewhere, so the file opens anywhere, offline, and reads the same in a year.
 * `redial report --html` writes it; the local stack's `/dashboard` serves it, drawn afresh.
 */
export interface PageOptions {
  /** For the live dashboard: the browser reloads the page every N seconds. */
  readonly refreshSeconds?: number;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text from the table and the config (names, explanations) is data, never markup. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]);

/** A chart's SVG: the Vega-Lite spec compiled to Vega, run headless, rendered to a string. */
export async function chartSvg(chart: ReportChart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin: 1.8rem 0 .3rem; }
.period, figcaption p, .method { color: #555; }
.empty { background: #f4f4f4; padding: 1rem; color: #555; }
.live { background: #eef6ee; border-left: 4px solid #2ca02c; padding: .4rem .8rem; }
.finding { border-left: 4px solid #d62728; padding: .2rem .8rem; margin: .5rem 0; }
.finding .advice { color: #555; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { padding: .2rem .6rem; text-align: right; border-bottom: 1px solid #ddd; }
th:first-child, td:first-child { text-align: left; }
`;

function findingList(findings: readonly { text: string; advice?: string }[]): string {
  if (findings.length === 0) return '<p>None.</p>';
  return findings
    .map(
      ({ text, advice }) =>
        `<div class="finding"><p>${escapeHtml(text)}</p>${advice ? `<p class="advice">→ ${escapeHtml(advice)}</p>` : ''}</div>`,
    )
    .join('\n');
}

/** The findings to act on first: spikes and drift, each in words. */
function findingsSection(report: DeclineReport): string {
  const { spikes, pbxDrift } = report;
  return [
    `<h2 id="spikes">Spikes</h2>`,
    findingList(spikes.spikes.map((spike) => ({ text: `${spike.classification}: ${spike.explanation}` }))),
    `<p class="method">${escapeHtml(plural(spikes.testsRun, 'agent × day test'))}; method: ${escapeHtml(spikes.method)}.</p>`,
    `<h2 id="pbx-drift">PBX drift (rule declines while Redial says open)</h2>`,
    findingList(pbxDrift.map((window) => ({ text: window.summary, advice: window.recommendation }))),
  ].join('\n');
}

/** Each endpoint's advice, after the pictures: the same cause often repeats across agents. */
function endpointSection(report: DeclineReport): string {
  const advice = report.endpoints.flatMap((profile) =>
    profile.recommendations.map((text) => ({
      text: `${profile.agentId}${profile.dial ? ` (${profile.dial})` : ''}: ${text}`,
    })),
  );
  return [
    `<h2 id="endpoints">Endpoints that break the 480/486/603 convention</h2>`,
    findingList(advice),
  ].join('\n');
}

function tallyTable(id: string, heading: string, rows: readonly (readonly [string, Tally])[]): string {
  if (rows.length === 0) return `<p id="${id}">None in this period.</p>`;
  const columns = columnsOf(rows);
  const head = [heading, 'total', ...columns.map(([, name]) => name)].map(
    (cell) => `<th>${escapeHtml(cell)}</th>`,
  );
  const body = rows.map(([label, tally]) => {
    const cells = columns.map(([category]) => countAndRate(tally, category));
    return `<tr><td>${escapeHtml(label)}</td><td>${tally.total}</td>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  });
  return `<table id="${id}"><thead><tr>${head.join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** A chart in its `<figure>` with its title and caption, or what it says instead when it is empty. */
export async function chartFigure(chart: ReportChart): Promise<string> {
  const drawing = chart.empty ? `<p class="empty">${escapeHtml(chart.empty)}</p>` : await chartSvg(chart);
  return `<figure id="${chart.id}"><figcaption><h2>${escapeHtml(chart.title)}</h2><p>${escapeHtml(chart.caption)}</p></figcaption>\n${drawing}\n</figure>`;
}

/** The report as JSON inside the page, safe from a `</script>` in any string. */
const embeddedJson = (report: DeclineReport) => JSON.stringify(report).replace(/</g, '\\u003c');

export async function reportPage(report: DeclineReport, options: PageOptions = {}): Promise<string> {
  const { period, rates } = report;
  const figures = await Promise.all(reportCharts(report).map(chartFigure));
  const refresh = options.refreshSeconds;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${refresh}">\n` : ''}<title>Redial decline report, ${escapeHtml(period.since.slice(0, 10))} to ${escapeHtml(period.until.slice(0, 10))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Redial decline report</h1>
<p class="period">${escapeHtml(period.since)} to ${escapeHtml(period.until)} (${escapeHtml(period.timezone)}): ${plural(rates.calls.total, 'call')}, ${plural(rates.dials.total, 'dial')}.</p>
${refresh ? `<p class="live">Live from the local stack's table: this page is drawn afresh every ${refresh} s.</p>\n` : ''}${findingsSection(report)}
${figures.join('\n')}
${endpointSection(report)}
<h2>Calls, by how each ended</h2>
${tallyTable('calls-table', '', [['all calls', rates.calls]])}
<h2>Dials, by agent</h2>
${tallyTable('agents-table', 'agent', Object.entries(rates.byAgent))}
<script type="application/json" id="decline-report">${embeddedJson(report)}</script>
</body>
</html>
`;
}
