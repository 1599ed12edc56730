import type { TopLevelSpec } from 'vega-lite';
import type {
  DeclineKind,
  DeclineReport,
  ReportCategory,
} from '../../lambdas/domain/analytics/analyze-declines';
import { DECLINE_KINDS, REPORT_CATEGORIES } from '../../lambdas/domain/analytics/categories';
import { WEEKDAY_LABELS } from '../../lambdas/domain/analytics/local-time';
import { WEEKDAYS, type Weekday } from '../../lambdas/domain/config';
import { CATEGORY_COLUMNS } from './report-text';

/**
 * The decline report's charts as Vega-Lite specs, each with its data inline: plain objects from the
 * report, so the HTML report and the live dashboard draw the same specs, and a test can read each
 * drawn mark's numbers back (Vega labels every mark with its fields for screen readers).
 */
export interface ReportChart {
  /** The chart's element id in the page. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows and how its findings are marked, in a sentence. */
  readonly caption: string;
  /** Said instead of an empty chart: a period with no dials (closed all along) or no calls. */
  readonly empty?: string;
  readonly spec: TopLevelSpec;
}

const NO_DIALS = 'No dials in this period: no call reached an agent (closed, or no calls yet).';

export const KIND_LABELS: Readonly<Record<DeclineKind, string>> = {
  'declined-by-user': '603 by a person',
  'declined-by-policy': '603 by a rule',
};

const FINDING_COLOR = '#d62728';

/** One colour per category in every report, so a reader learns them once: declines warm, answered green. */
const CATEGORY_COLORS: Readonly<Record<ReportCategory, string>> = {
  answered: '#54a24b',
  'declined-by-user': '#e45756',
  'declined-by-policy': '#b279a2',
  busy: '#f58518',
  unavailable: '#eeca3b',
  'no-answer': '#72b7b2',
  failed: '#9d755d',
  abandoned: '#bab0ac',
  'after-hours': '#4c78a8',
  other: '#d9d9d9',
};
const WIDTH = 640;

/** One point of an agent's decline rate: one agent × window × kind. */
export interface RatePoint {
  readonly agent: string;
  /** The window as the x axis reads it (a day becomes a time), and as the reader does. */
  readonly window: string;
  readonly label: string;
  readonly kind: string;
  readonly declines: number;
  readonly dials: number;
  readonly rate: number;
  readonly spike: boolean;
}

export function ratePoints(report: DeclineReport): RatePoint[] {
  const spiked = new Set(
    report.spikes.spikes.flatMap((spike) =>
      spike.tests.map((test) => `${test.agentId}/${test.window}/${test.kind}`),
    ),
  );
  return Object.entries(report.rates.byAgentAndWindow).flatMap(([agent, windows]) =>
    windows.flatMap(({ window, dials }) =>
      DECLINE_KINDS.map((kind) => ({
        agent,
        window,
        label: window,
        kind: KIND_LABELS[kind],
        declines: dials.counts[kind],
        dials: dials.total,
        rate: dials.rates[kind],
        spike: spiked.has(`${agent}/${window}/${kind}`),
      })),
    ),
  );
}

/** The window axis: calendar days on a time scale (in UTC, so no clock shifts them), else in order. */
function windowAxis(report: DeclineReport) {
  const kind = report.rates.windowKind;
  if (kind === 'day')
    return { field: 'window', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'day' } as const;
  const order = report.rates.byWindow.map((window) => window.window);
  return {
    field: 'window',
    type: 'ordinal',
    sort: order,
    title: kind === 'hour' ? 'hour of day' : 'weekday',
  } as const;
}

function declineRateChart(report: DeclineReport): ReportChart {
  const x = windowAxis(report);
  const y = {
    field: 'rate',
    type: 'quantitative',
    axis: { format: '%' },
    title: '603 rate (of dials)',
  } as const;
  const tooltip = [
    { field: 'agent' },
    { field: 'kind' },
    { field: 'label', title: 'window' },
    { field: 'declines', type: 'quantitative' },
    { field: 'dials', type: 'quantitative' },
  ] as const;
  const points = ratePoints(report);
  return {
    id: 'decline-rate',
    empty: points.length === 0 ? NO_DIALS : undefined,
    title: `603 rate per agent, by ${report.rates.windowKind}`,
    caption:
      report.rates.windowKind === 'day'
        ? 'Each agent’s share of dials declined, by a person and by a rule; a spike is ringed in red.'
        : 'Each agent’s share of dials declined, by a person and by a rule. Spikes are found per day: see the day view.',
    spec: {
      data: { values: points as unknown as Record<string, unknown>[] },
      facet: { row: { field: 'kind', type: 'nominal', title: null, sort: Object.values(KIND_LABELS) } },
      spec: {
        width: WIDTH,
        height: 160,
        layer: [
          {
            mark: { type: 'line', point: true },
            encoding: { x, y, color: { field: 'agent', type: 'nominal' }, tooltip: [...tooltip] },
          },
          {
            transform: [{ filter: 'datum.spike' }],
            mark: { type: 'point', size: 300, strokeWidth: 3, color: FINDING_COLOR },
            encoding: { x, y, tooltip: [...tooltip, { field: 'spike' }] },
          },
        ],
      },
    },
  };
}

/** Whether a local hour overlaps a drift window on a weekday. */
function inDrift(report: DeclineReport, weekday: Weekday, hour: number): boolean {
  const start = `${String(hour).padStart(2, '0')}:00`;
  const end = `${String(hour + 1).padStart(2, '0')}:00`;
  return report.pbxDrift.some(
    (window) => window.weekdays.includes(weekday) && window.from < end && window.to > start,
  );
}

function heatmapChart(report: DeclineReport): ReportChart {
  const cells = report.heatmap.flatMap((cell) =>
    DECLINE_KINDS.map((kind) => ({
      weekday: WEEKDAY_LABELS[cell.weekday],
      hour: cell.hour,
      kind: KIND_LABELS[kind],
      declines: cell.declines[kind],
      dials: cell.dials,
      drift: kind === 'declined-by-policy' && inDrift(report, cell.weekday, cell.hour),
    })),
  );
  const [x, y] = [HOUR_AXIS, WEEKDAY_AXIS];
  const tooltip = [
    { field: 'kind' },
    { field: 'weekday' },
    { field: 'hour' },
    { field: 'declines', type: 'quantitative' },
    { field: 'dials', type: 'quantitative' },
  ] as const;
  return {
    id: 'decline-heatmap',
    empty: cells.length === 0 ? NO_DIALS : undefined,
    title: '603s by weekday and hour',
    caption:
      'Declines by local weekday and hour, by kind: a person’s spread over the day, a rule’s cluster where the PBX’s schedule sits. Hours in a PBX-drift window are outlined in red.',
    spec: {
      data: { values: cells },
      facet: { row: { field: 'kind', type: 'nominal', title: null, sort: Object.values(KIND_LABELS) } },
      spec: {
        width: WIDTH,
        height: 7 * 18,
        layer: [
          {
            mark: 'rect',
            encoding: {
              x,
              y,
              color: { field: 'declines', type: 'quantitative', scale: { scheme: 'blues' }, title: '603s' },
              tooltip: [...tooltip],
            },
          },
          {
            transform: [{ filter: 'datum.drift' }],
            mark: { type: 'rect', fillOpacity: 0, stroke: FINDING_COLOR, strokeWidth: 3 },
            encoding: { x, y, tooltip: [...tooltip, { field: 'drift' }] },
          },
        ],
      },
    },
  };
}

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** A weekday × hour grid's axes, every hour and weekday in order whether or not it has data. */
export const HOUR_AXIS = {
  field: 'hour',
  type: 'ordinal',
  title: 'hour (local)',
  scale: { domain: HOURS },
} as const;
export const WEEKDAY_AXIS = {
  field: 'weekday',
  type: 'ordinal',
  title: null,
  scale: { domain: WEEKDAYS.map((day) => WEEKDAY_LABELS[day]) },
} as const;

function dispositionChart(report: DeclineReport): ReportChart {
  const label = Object.fromEntries(CATEGORY_COLUMNS) as Record<ReportCategory, string>;
  const rows = [
    ['all calls', report.rates.calls] as const,
    ...Object.entries(report.rates.byAgent).map(([agent, tally]) => [`${agent} (dials)`, tally] as const),
  ];
  const values = rows.flatMap(([row, tally]) =>
    CATEGORY_COLUMNS.filter(([category]) => tally.counts[category] > 0).map(([category]) => ({
      row,
      category: label[category],
      order: REPORT_CATEGORIES.indexOf(category),
      count: tally.counts[category],
      share: tally.rates[category],
    })),
  );
  return {
    id: 'disposition-mix',
    empty: values.length === 0 ? 'No calls in this period.' : undefined,
    title: 'How calls and dials ended',
    caption: 'Every call by how it ended, then each agent’s dials: a share of the row, the count on hover.',
    spec: {
      width: WIDTH,
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'row', type: 'nominal', title: null, sort: rows.map(([row]) => row) },
        x: {
          field: 'count',
          type: 'quantitative',
          stack: 'normalize',
          axis: { format: '%' },
          title: 'share',
        },
        color: {
          field: 'category',
          type: 'nominal',
          scale: {
            domain: CATEGORY_COLUMNS.map(([, name]) => name),
            range: CATEGORY_COLUMNS.map(([category]) => CATEGORY_COLORS[category]),
          },
          title: null,
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'row' }, { field: 'category' }, { field: 'count', type: 'quantitative' }],
      },
    },
  };
}

export function reportCharts(report: DeclineReport): ReportChart[] {
  return [declineRateChart(report), heatmapChart(report), dispositionChart(report)];
}
