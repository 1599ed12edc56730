import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { analyzeDeclines } from '../../lambdas/domain/analytics/analyze-declines';
import { dashboardPage } from '../../tools/cli/dashboard-page';
import { runReport } from '../../tools/cli/report-command';
import { type LocalStackInfo, readLocalState, writeLocalState } from '../../tools/local-stack/state-file';
import { figureOf, marksOf } from '../support/chart-marks';
import { type EmbeddedTable, startEmbeddedTable } from '../support/embedded-table';
import { localStateWithTable } from '../support/local-state-fixture';
import { PLANTED, type SeededCalls, seededCalls } from '../support/seeded-calls';

describe('redial report on a table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redial-report-'));
  let embedded: EmbeddedTable;
  const seeded = seededCalls(11, PLANTED);
  let stateFile: string;

  beforeAll(async () => {
    embedded = await startEmbeddedTable();
    stateFile = await project(seeded);
  });
  afterAll(() => embedded.stop());

  /** Stores the calls as the recorder would leave them, and a local stack state naming the config. */
  async function project(seeded: SeededCalls): Promise<string> {
    const store = new DynamoStore(embedded.client, embedded.tableName);
    // In parallel batches: one at a time, dynalite takes seconds over 1,500 calls.
    for (let start = 0; start < seeded.calls.length; start += 50) {
      const batch = seeded.calls.slice(start, start + 50);
      await Promise.all(batch.map((call) => store.applyCallChanges({ call, changed: true, notices: [] })));
    }
    const configFile = join(dir, 'seeded.config.json');
    writeFileSync(configFile, JSON.stringify(seeded.config));
    const stateFile = join(dir, 'local.json');
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
    writeLocalState(stateFile, { ...localStateWithTable(embedded.tableName, endpoint), configFile });
    return stateFile;
  }

  async function report(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReport(
      ['--since', seeded.since, '--local-state', stateFile, ...argv],
      { out: (line) => out.push(line), err: (line) => err.push(line) },
      undefined,
      () => new Date(seeded.until),
    );
    return { code, out, err };
  }

  it('reads the period and its baseline from the table and reports what the analytics find', async () => {
    const { code, out, err } = await report('--json');

    expect({ code, err }).toEqual({ code: 0, err: [] });
    const expected = analyzeDeclines(seeded.calls, seeded.config, seeded);
    expect(JSON.parse(out.join('\n'))).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.spikes.spikes.map((spike) => spike.classification).sort()).toEqual([
      'routing-rule',
      'training-or-availability',
    ]);
  });

  it('prints the rates as tables and each finding in words', async () => {
    const { code, out } = await report('--by', 'weekday');
    const text = out.join('\n');

    expect(code).toBe(0);
    expect(text).toMatch(/^Decline report, 2026-11-02T00:00:00.000Z to /);
    expect(text).toContain('Dials, by agent:');
    expect(text).toContain('Calls, by weekday:');
    expect(text).toMatch(/- training-or-availability: .*Alice/);
    expect(text).toMatch(/- routing-rule: /);
    expect(text).toMatch(/- Mon–Fri 17:00–17:30: \d+ policy declines while open until 17:30/);
  });

  it('exits 2 with one line for a bad option or a config it cannot read', async () => {
    expect(await report('--by', 'month')).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/^redial report: option '--by <window>' argument 'month' is invalid/)],
    });
    const missing = join(dir, 'missing.json');
    expect(await report('--config', missing)).toMatchObject({
      code: 2,
      err: [expect.stringContaining(missing)],
    });
  });

  it('writes the HTML report with --html, keeping stdout one JSON object with --json', async () => {
    const file = join(dir, 'report.html');
    const { code, out, err } = await report('--json', '--html', file);

    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n')).period.since).toBe(seeded.since);
    expect(err).toEqual([expect.stringMatching(/^Wrote .*report\.html \(\d+ KB\): open it in a browser\.$/)]);
    const page = readFileSync(file, 'utf8');
    expect(marksOf(figureOf(page, 'decline-rate')).length).toBeGreaterThan(0);
    expect(await report('--html', join(dir, 'no-such-dir', 'report.html'))).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/^redial report: cannot write .*no-such-dir.*report\.html: /)],
    });
  });

  it('reports the period --since … --until gives, and refuses one that ends before it starts', async () => {
    const { out } = await report('--until', '2026-11-09T00:00:00Z', '--json');
    const period = JSON.parse(out.join('\n')).period;
    expect(period).toMatchObject({ since: seeded.since, until: '2026-11-09T00:00:00.000Z' });
    expect(await report('--until', '2026-11-01T00:00:00Z')).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/--since must be before --until/)],
    });
  });

  describe('the local stack’s /dashboard', () => {
    const page = (query: string, info = readLocalState(stateFile) as LocalStackInfo) =>
      dashboardPage(info, () => new Date(seeded.until)).render(new URLSearchParams(query));

    it('serves the same report as a page that reloads itself', async () => {
      const { statusCode, contentType, body } = await page(`since=${seeded.since}`);
      expect({ statusCode, contentType }).toEqual({
        statusCode: 200,
        contentType: 'text/html; charset=utf-8',
      });
      expect(body).toContain('<meta http-equiv="refresh" content="30">');
      const json = /id="decline-report">(.*?)<\/script>/s.exec(body)?.[1] as string;
      const expected = analyzeDeclines(seeded.calls, seeded.config, seeded);
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(expected)));
    });

    it('answers a bad query with 400 and a bad config with 500, each in a line', async () => {
      expect(await page('by=month')).toMatchObject({
        statusCode: 400,
        body: 'Bad query: by must be one of day, hour, weekday, agent; not "month"\n',
      });
      const info = {
        ...(readLocalState(stateFile) as LocalStackInfo),
        configFile: join(dir, 'missing.json'),
      };
      expect(await page('', info)).toMatchObject({
        statusCode: 500,
        body: expect.stringContaining('missing.json'),
      });
    });
  });
});
