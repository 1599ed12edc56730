import { analyzeDeclines } from '../../../lambdas/domain/analytics/analyze-declines';
import { PLANTED, type Plants, SEEDED_AGENTS, seededCalls } from '../../support/seeded-calls';

const reportOf = (seed: number, plants: Plants = {}) => {
  const seeded = seededCalls(seed, plants);
  return { seeded, report: analyzeDeclines(seeded.calls, seeded.config, seeded) };
};

/** Seed 11 with every finding planted, read by the tests of the report and of its pictures. */
const planted = seededCalls(11, PLANTED);

describe('analyzeDeclines on a seeded data set with every finding planted', () => {
  const seeded = planted;
  const report = analyzeDeclines(seeded.calls, seeded.config, seeded);

  it('gives the rates exactly as planted, per agent and per call', () => {
    for (const agentId of SEEDED_AGENTS) {
      expect(report.rates.byAgent[agentId].counts).toMatchObject(seeded.truth.dialsByAgent[agentId]);
    }
    // Alice: 20 seeded person declines, 8 more on each of 3 days; 8 policy declines, 6 more on the
    // routing day, and her share of the 40 drift declines (every 4th, by the day of the month).
    const alice = report.rates.byAgent.alice;
    expect(alice.counts['declined-by-user']).toBe(20 + 3 * 8);
    expect(alice.total).toBe(400 + seeded.truth.dialsByAgent.alice['declined-by-policy'] - 8 - 6);
    expect(alice.rates['declined-by-user']).toBe(44 / alice.total);
    expect(report.rates.calls.counts).toMatchObject(seeded.truth.calls);
    expect(report.rates.dials.total).toBe(1600 + 40);
  });

  it('reports the training spike and the routing spike, each classified', () => {
    // Benjamini–Hochberg bounds the share of false discoveries (5 %), not their number: beside
    // true discoveries a chance one may pass. Over seeds 1–40 with all three plants, both planted
    // spikes were found every time, and 2 of 40 reports also held one chance spike of one agent.
    const { spikes } = report.spikes;
    expect(spikes).toHaveLength(2);
    const [training, routing] = spikes;
    expect(training).toMatchObject({ classification: 'training-or-availability', agentIds: ['alice'] });
    // The trailing baseline takes in the spike's first days, so its last may no longer stand out.
    expect(training.windows[0]).toBe('2026-11-24');
    expect(PLANTED.trainingSpike?.dates).toEqual(expect.arrayContaining([...training.windows]));
    expect(routing).toMatchObject({
      classification: 'routing-rule',
      agentIds: ['alice', 'bob', 'carol', 'dave'],
      windows: ['2026-11-18'],
    });
  });

  it('reports the PBX drift window in words', () => {
    expect(report.pbxDrift.map((window) => window.summary)).toEqual([
      'Mon–Fri 17:00–17:30: 40 policy declines while open until 17:30',
    ]);
  });

  it("tells each endpoint that answered the drift window's calls with fast 603s to return 480", () => {
    for (const endpoint of report.endpoints) {
      expect(endpoint.recommendations).toEqual([
        expect.stringContaining('its after-hours rule should return 480'),
      ]);
    }
  });

  it('is plain JSON: what `redial report --json` prints is the report itself', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('analyzeDeclines on seeded data sets with nothing planted', () => {
  it.each([21, 22, 23, 24])('reports no spike, no drift and no endpoint advice (seed %i)', (seed) => {
    const { report } = reportOf(seed);
    expect(report.spikes.spikes).toEqual([]);
    expect(report.pbxDrift).toEqual([]);
    expect(report.endpoints.flatMap((endpoint) => endpoint.recommendations)).toEqual([]);
  });
});

describe('analyzeDeclines options', () => {
  const seeded = seededCalls(5);

  it('counts only the calls that started in the period, cut by the window asked for', () => {
    const lastWeek = { since: '2026-11-23T00:00:00.000Z', until: '2026-11-30T00:00:00.000Z' };
    const report = analyzeDeclines(seeded.calls, seeded.config, { ...lastWeek, by: 'weekday' });
    expect(report.period).toEqual({ ...lastWeek, timezone: 'Europe/London' });
    expect(report.rates.byAgent.alice.total).toBe(5 * 20);
    expect(report.rates.byWindow.map((window) => window.window)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
    ]);
    // Baselines reach back before the period: the last week's days are all tested.
    expect(report.spikes.testsRun).toBe(4 * 5 * 2);
  });
});

describe('analyzeDeclines for the pictures', () => {
  const report = analyzeDeclines(planted.calls, planted.config, { ...planted, by: 'agent' });

  it('gives each agent’s dials per day, which add up to the agent’s totals', () => {
    expect(report.rates.windowKind).toBe('day');
    const alice = report.rates.byAgentAndWindow.alice;
    expect(alice).toHaveLength(20);
    const sum = (category: 'declined-by-user' | 'declined-by-policy') =>
      alice.reduce((total, window) => total + window.dials.counts[category], 0);
    expect(sum('declined-by-user')).toBe(report.rates.byAgent.alice.counts['declined-by-user']);
    expect(sum('declined-by-policy')).toBe(report.rates.byAgent.alice.counts['declined-by-policy']);
  });

  it('puts the drift’s rule declines in the 17:00 hour of each weekday of the heatmap', () => {
    const fivePm = report.heatmap.filter((cell) => cell.hour === 17);
    expect(fivePm.map((cell) => cell.weekday)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(fivePm.map((cell) => cell.declines['declined-by-policy'])).toEqual([8, 8, 8, 8, 8]);
    const total = report.heatmap.reduce((sum, cell) => sum + cell.declines['declined-by-user'], 0);
    expect(total).toBe(report.rates.dials.counts['declined-by-user']);
  });
});
