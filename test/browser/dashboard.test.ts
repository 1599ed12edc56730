import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { analyzeDeclines } from '../../lambdas/domain/analytics/analyze-declines';
import { KIND_LABELS } from '../../tools/cli/report-charts';
import { callTableClient, localTableOf } from '../../tools/cli/table-target';
import { type ChartMark, fieldsOf, marksWhere, outlinedCells, sumOf } from '../support/chart-marks';
import { type LocalStackProcess, startLocalStackProcess } from '../support/local-stack-process';
import { PLANTED, PLANTED_DRIFT_HOURS, SEEDED_AGENTS, seededCalls } from '../support/seeded-calls';

/**
 * The dashboard as a person sees it: the local stack started as `npm start` starts it, on the
 * seeded data set's config, its table filled with the seeded calls, and `/dashboard` opened in
 * headless Chromium (Debian's, driven by playwright-core). The charts must be drawn, with visible
 * marks, and carry the seeded numbers; `redial report --html` must draw the same in a file.
 * The full-page screenshot goes to test-results/dashboard.png (the README's picture).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.join(__dirname, '..', '..');
const SCREENSHOT = path.join(ROOT, 'test-results', 'dashboard.png');

const seeded = seededCalls(11, PLANTED);
const report = analyzeDeclines(seeded.calls, seeded.config, seeded);
const query = `since=${seeded.since}&until=${seeded.until}`;

interface DrawnMark extends ChartMark {
  readonly width: number;
  readonly height: number;
}

/** The data marks of one figure as Chromium laid them out: their labels and drawn size. */
function drawnMarks(page: Page, figureId: string): Promise<DrawnMark[]> {
  return page
    .locator(`figure#${figureId} [role="graphics-symbol"][aria-roledescription]`)
    .evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return {
          label: element.getAttribute('aria-label') ?? '',
          role: element.getAttribute('aria-roledescription') ?? '',
          width: box.width,
          height: box.height,
        };
      }),
    )
    .then((marks) =>
      marks
        .filter((mark) => ['point', 'rect mark', 'bar'].includes(mark.role))
        .map(({ label, role, width, height }) => ({ role, fields: fieldsOf(label), width, height })),
    );
}

describe('the dashboard in headless Chromium', () => {
  let stack: LocalStackProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    const dir = mkdtempSync(path.join(tmpdir(), 'redial-dashboard-'));
    const configFile = path.join(dir, 'seeded.config.json');
    writeFileSync(configFile, JSON.stringify(seeded.config));
    stack = await startLocalStackProcess(['--config', configFile], 120_000);
    const table = localTableOf(stack.info);
    const store = new DynamoStore(callTableClient(table), table.name);
    for (let start = 0; start < seeded.calls.length; start += 50) {
      const batch = seeded.calls.slice(start, start + 50);
      await Promise.all(batch.map((call) => store.applyCallChanges({ call, changed: true, notices: [] })));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('is announced by the local stack and serves the report of the period asked for', async () => {
    expect(stack.output()).toContain(`Dashboard      ${stack.info.apiBaseUrl}/dashboard`);
    const response = await page.goto(`${stack.info.apiBaseUrl}/dashboard?${query}`);
    expect(response?.status()).toBe(200);
    await page.locator('figure svg').first().waitFor();
    expect(await page.locator('figure svg').count()).toBe(3);
    expect(await page.locator('h1').textContent()).toBe('Redial decline report');
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('draws each agent’s 603s over time with the seeded counts, every point visible', async () => {
    const points = (await drawnMarks(page, 'decline-rate')).filter((mark) => mark.fields.spike === undefined);
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((mark) => mark.width > 0 && mark.height > 0)).toBe(true);
    for (const agent of SEEDED_AGENTS) {
      const truth = seeded.truth.dialsByAgent[agent];
      expect(sumOf(marksWhere(points, { agent, kind: KIND_LABELS['declined-by-user'] }), 'declines')).toBe(
        truth['declined-by-user'],
      );
      expect(sumOf(marksWhere(points, { agent, kind: KIND_LABELS['declined-by-policy'] }), 'declines')).toBe(
        truth['declined-by-policy'],
      );
    }
  });

  it('rings the planted training and routing spikes', async () => {
    const ringed = (await drawnMarks(page, 'decline-rate')).filter((mark) => mark.fields.spike === 'true');
    expect(ringed.every((mark) => mark.width > 0)).toBe(true);
    const expected = report.spikes.spikes.flatMap((spike) => spike.tests).length;
    expect(ringed).toHaveLength(expected);
    expect(
      marksWhere(ringed, { agent: 'alice', window: '2026-11-24', kind: '603 by a person' }),
    ).toHaveLength(1);
    expect(marksWhere(ringed, { window: '2026-11-18', kind: '603 by a rule' })).toHaveLength(
      SEEDED_AGENTS.length,
    );
  });

  it('draws the heatmap with every 603 and outlines the PBX drift window', async () => {
    const marks = await drawnMarks(page, 'decline-heatmap');
    expect(marks.every((mark) => mark.width > 0 && mark.height > 0)).toBe(true);
    const cells = marks.filter((mark) => mark.fields.drift === undefined);
    expect(sumOf(cells, 'declines')).toBe(
      report.rates.dials.counts['declined-by-user'] + report.rates.dials.counts['declined-by-policy'],
    );
    expect(outlinedCells(marks)).toEqual(PLANTED_DRIFT_HOURS);
    await expect(page.locator('#pbx-drift + .finding').textContent()).resolves.toContain(
      'Mon–Fri 17:00–17:30: 40 policy declines while open until 17:30',
    );
  });

  it('draws the disposition mix with the seeded call counts', async () => {
    const bars = await drawnMarks(page, 'disposition-mix');
    expect(bars.every((mark) => mark.width > 0 && mark.height > 0)).toBe(true);
    expect(sumOf(marksWhere(bars, { row: 'all calls' }), 'count')).toBe(seeded.calls.length);
    expect(marksWhere(bars, { row: 'all calls', category: 'answered' })[0].fields.count).toBe(
      String(seeded.truth.calls.answered),
    );
  });

  it('draws the same charts from the file redial report --html writes', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'redial-html-')), 'report.html');
    const run = spawnSync(
      process.execPath,
      [
        'bin/redial.cjs',
        'report',
        '--local-state',
        stack.stateFile,
        '--since',
        seeded.since,
        '--until',
        seeded.until,
        '--html',
        file,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Wrote ${file}`);
    const live = await Promise.all(
      ['decline-rate', 'decline-heatmap', 'disposition-mix'].map((id) => drawnMarks(page, id)),
    );
    await page.goto(`file://${file}`);
    const fromFile = await Promise.all(
      ['decline-rate', 'decline-heatmap', 'disposition-mix'].map((id) => drawnMarks(page, id)),
    );
    const labels = (charts: DrawnMark[][]) => charts.map((marks) => marks.map((mark) => mark.fields));
    expect(labels(fromFile)).toEqual(labels(live));
  });
});
