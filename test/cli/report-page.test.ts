import { analyzeDeclines, type DeclineReport } from '../../lambdas/domain/analytics/analyze-declines';
import { KIND_LABELS } from '../../tools/cli/report-charts';
import { reportPage } from '../../tools/cli/report-page';
import { CATEGORY_COLUMNS } from '../../tools/cli/report-text';
import { figureOf, marksOf, marksWhere, outlinedCells, sumOf } from '../support/chart-marks';
import { PLANTED, PLANTED_DRIFT_HOURS, SEEDED_AGENTS, seededCalls } from '../support/seeded-calls';

/**
 * The HTML report's charts, drawn in Node and read back from their SVG: each chart must draw the
 * seeded data set's numbers (the generator's own ledger, not the analytics' answer) and mark the
 * planted findings. The browser test (test/browser) checks that Chromium draws the same page.
 */
const seeded = seededCalls(11, PLANTED);
const report = analyzeDeclines(seeded.calls, seeded.config, seeded);

describe('the HTML report of a seeded data set', () => {
  let page: string;
  beforeAll(async () => {
    page = await reportPage(report);
  });

  it('draws each agent’s 603s per day, by kind, with the seeded counts', () => {
    const points = marksOf(figureOf(page, 'decline-rate')).filter((mark) => mark.role === 'point');
    for (const agent of SEEDED_AGENTS) {
      const truth = seeded.truth.dialsByAgent[agent];
      const person = marksWhere(points, { agent, kind: KIND_LABELS['declined-by-user'] });
      const rule = marksWhere(points, { agent, kind: KIND_LABELS['declined-by-policy'] });
      expect(
        sumOf(
          person.filter((mark) => mark.fields.spike === undefined),
          'declines',
        ),
      ).toBe(truth['declined-by-user']);
      expect(
        sumOf(
          rule.filter((mark) => mark.fields.spike === undefined),
          'declines',
        ),
      ).toBe(truth['declined-by-policy']);
    }
    // Alice's training spike: 8 of her answered dials became person declines on each planted day.
    const alice24 = marksWhere(points, { agent: 'alice', window: '2026-11-24', kind: '603 by a person' });
    expect(alice24[0].fields.declines).toBe(
      String(
        report.rates.byAgentAndWindow.alice.find((w) => w.window === '2026-11-24')?.dials.counts[
          'declined-by-user'
        ],
      ),
    );
  });

  it('rings the planted spikes, and only them', () => {
    const ringed = marksOf(figureOf(page, 'decline-rate')).filter((mark) => mark.fields.spike === 'true');
    const seen = ringed
      .map((mark) => `${mark.fields.agent} ${mark.fields.window} ${mark.fields.kind}`)
      .sort();
    const expected = report.spikes.spikes
      .flatMap((spike) =>
        spike.tests.map((test) => `${test.agentId} ${test.window} ${KIND_LABELS[test.kind]}`),
      )
      .sort();
    expect(seen).toEqual(expected);
    expect(seen).toEqual(expect.arrayContaining(['alice 2026-11-24 603 by a person']));
    expect(seen.filter((mark) => mark.includes('2026-11-18 603 by a rule'))).toHaveLength(
      SEEDED_AGENTS.length,
    );
  });

  it('draws the weekday × hour heatmap with every 603, and outlines the drift window Mon–Fri at 17', () => {
    const marks = marksOf(figureOf(page, 'decline-heatmap'));
    const cells = marks.filter((mark) => mark.fields.drift === undefined);
    const truthOf = (kind: 'declined-by-user' | 'declined-by-policy') =>
      SEEDED_AGENTS.reduce((total, agent) => total + seeded.truth.dialsByAgent[agent][kind], 0);
    expect(sumOf(marksWhere(cells, { kind: KIND_LABELS['declined-by-user'] }), 'declines')).toBe(
      truthOf('declined-by-user'),
    );
    expect(sumOf(marksWhere(cells, { kind: KIND_LABELS['declined-by-policy'] }), 'declines')).toBe(
      truthOf('declined-by-policy'),
    );
    expect(outlinedCells(marks)).toEqual(PLANTED_DRIFT_HOURS);
  });

  it('draws the disposition mix of all calls and of each agent’s dials with the seeded counts', () => {
    const bars = marksOf(figureOf(page, 'disposition-mix'));
    const label = Object.fromEntries(CATEGORY_COLUMNS);
    for (const [category, count] of Object.entries(seeded.truth.calls)) {
      const bar = marksWhere(bars, { row: 'all calls', category: label[category] });
      expect(bar.map((mark) => Number(mark.fields.count))).toEqual(count === 0 ? [] : [count]);
    }
    for (const agent of SEEDED_AGENTS) {
      for (const [category, count] of Object.entries(seeded.truth.dialsByAgent[agent])) {
        const bar = marksWhere(bars, { row: `${agent} (dials)`, category: label[category] });
        expect(bar.map((mark) => Number(mark.fields.count))).toEqual(count === 0 ? [] : [count]);
      }
    }
  });

  it('states each finding in words and carries the report as JSON', () => {
    expect(page).toContain('Mon–Fri 17:00–17:30: 40 policy declines while open until 17:30');
    expect(page).toMatch(/training-or-availability: .*Alice/);
    expect(page).toMatch(/routing-rule: /);
    const json = /<script type="application\/json" id="decline-report">(.*?)<\/script>/s.exec(page)?.[1];
    expect(JSON.parse(json as string)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('is self-contained: nothing is loaded from elsewhere, and it does not reload itself', () => {
    expect(page).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/);
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);
    expect(page).not.toContain('http-equiv="refresh"');
  });
});

describe('the HTML report of other periods', () => {
  it('says there were no dials instead of drawing empty charts', async () => {
    const closed = seededCalls(11).calls.filter((call) => !call.open);
    const page = await reportPage(analyzeDeclines(closed, seeded.config, seeded));
    expect(figureOf(page, 'decline-rate')).toContain('No dials in this period');
    expect(figureOf(page, 'decline-heatmap')).toContain('No dials in this period');
    expect(marksOf(figureOf(page, 'disposition-mix')).map((mark) => mark.fields.category)).toEqual([
      'after hours',
    ]);
  });

  it('draws the rates by hour in hour order, and reloads itself when live', async () => {
    const byHour = analyzeDeclines(seeded.calls, seeded.config, { ...seeded, by: 'hour' });
    const page = await reportPage(byHour, { refreshSeconds: 30 });
    const windows = marksOf(figureOf(page, 'decline-rate')).map((mark) => mark.fields.window);
    const dialled = byHour.rates.byWindow.filter((window) => window.dials.total > 0);
    expect([...new Set(windows)]).toEqual(dialled.map((window) => window.window));
    expect(page).toContain('<meta http-equiv="refresh" content="30">');
  });

  it('keeps names from the config as text, never markup', async () => {
    const hostile: DeclineReport = {
      ...report,
      spikes: {
        ...report.spikes,
        spikes: [{ ...report.spikes.spikes[0], explanation: '<script>alert(1)</script>' }],
      },
    };
    const page = await reportPage(hostile);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
