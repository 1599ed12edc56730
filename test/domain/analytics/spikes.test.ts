import { findSpikes, MIN_DIALS, spikeTests } from '../../../lambdas/domain/analytics/spikes';
import { callWith, dial, type Plants, seededCalls, seededConfig } from '../../support/seeded-calls';

const TRAINING: Plants['trainingSpike'] = {
  agentId: 'alice',
  dates: ['2026-11-24', '2026-11-25', '2026-11-26'],
  perDay: 8,
};
const ROUTING: Plants['routingSpike'] = { date: '2026-11-18', perAgent: 6 };

const spikesOf = (seed: number, plants: Plants = {}) => {
  const seeded = seededCalls(seed, plants);
  return findSpikes(seeded.calls, seeded.config, seeded);
};

describe('findSpikes on the seeded calls', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
    'reports none without a planted spike (seed %i)',
    (seed) => {
      const report = spikesOf(seed);
      expect(report.testsRun).toBeGreaterThan(100);
      expect(report.spikes).toEqual([]);
    },
  );

  it.each([1, 2, 3])('tells a planted training spike: one agent, person declines (seed %i)', (seed) => {
    const { spikes } = spikesOf(seed, { trainingSpike: TRAINING });
    expect(spikes).toHaveLength(1);
    expect(spikes[0]).toMatchObject({
      classification: 'training-or-availability',
      kind: 'declined-by-user',
      agentIds: ['alice'],
    });
    expect(spikes[0].windows[0]).toBe(TRAINING.dates[0]);
    expect(TRAINING.dates).toEqual(expect.arrayContaining([...spikes[0].windows]));
    expect(spikes[0].explanation).toContain('a training or availability question for Alice');
  });

  it.each([1, 2, 3])(
    'tells a planted routing spike: every agent, rule declines, one day (seed %i)',
    (seed) => {
      const { spikes } = spikesOf(seed, { routingSpike: ROUTING });
      expect(spikes).toHaveLength(1);
      expect(spikes[0]).toMatchObject({
        classification: 'routing-rule',
        kind: 'declined-by-policy',
        agentIds: ['alice', 'bob', 'carol', 'dave'],
        windows: ['2026-11-18'],
      });
      expect(spikes[0].explanation).toContain(
        'across 4 agents (Alice, Bob, Carol, Dave) at once: a routing rule',
      );
    },
  );

  it('tells both apart when both are planted, beside a PBX drift (uniform every weekday, so no spike)', () => {
    const { spikes } = spikesOf(4, {
      trainingSpike: TRAINING,
      routingSpike: ROUTING,
      pbxDrift: { perWeekday: 2 },
    });
    expect(spikes.map((spike) => [spike.classification, spike.agentIds.join()])).toEqual([
      ['training-or-availability', 'alice'],
      ['routing-rule', 'alice,bob,carol,dave'],
    ]);
  });
});

describe('spikeTests', () => {
  const config = seededConfig();
  // Alice: 10 weekdays of baseline, 1 person decline in 20 dials a day, then a day of 5 in 20.
  const days = Array.from(
    { length: 11 },
    (_, day) => `2026-11-${String(2 + day + 2 * Math.floor(day / 5)).padStart(2, '0')}`,
  );
  const calls = days.flatMap((date, index) => {
    const declines = index === 10 ? 5 : 1;
    return Array.from({ length: 20 }, (_, dialIndex) =>
      callWith(`${date}T10:00:00Z`, [
        dial('alice', dialIndex < declines ? 'declined-by-user' : 'answered', `${date}T10:00:10Z`),
      ]),
    );
  });
  const period = { since: `${days[10]}T00:00:00Z`, until: `${days[10]}T23:59:59Z` };

  it('finds the day of 5 in 20 against 1 in 20 a training spike', () => {
    const { spikes } = findSpikes(calls, config, period);
    expect(spikes.map((spike) => [spike.classification, spike.windows.join()])).toEqual([
      ['training-or-availability', days[10]],
    ]);
  });

  it('judges a day against the agent’s own trailing rate, with half counts added', () => {
    const [test] = spikeTests(calls, config.timezone, period).filter(
      (one) => one.kind === 'declined-by-user',
    );
    expect(test).toMatchObject({ agentId: 'alice', window: days[10], dials: 20, declines: 5 });
    expect(test.baselineDials).toBe(200);
    expect(test.baselineDeclines).toBe(10);
    expect(test.baselineRate).toBe(10.5 / 201);
  });

  it('never judges against a rate of 0: one decline after none is no spike', () => {
    const [test] = spikeTests(calls, config.timezone, period).filter(
      (one) => one.kind === 'declined-by-policy',
    );
    expect(test.baselineRate).toBe(0.5 / 201);
    expect(test.pValue).toBe(1);
    const oneMore = [
      ...calls,
      callWith(`${days[10]}T11:00:00Z`, [dial('alice', 'declined-by-policy', `${days[10]}T11:00:00Z`)]),
    ];
    const kinds = findSpikes(oneMore, config, period).spikes.map((spike) => spike.kind);
    expect(kinds).toEqual(['declined-by-user']);
  });

  it(`tests no day with fewer than ${MIN_DIALS} dials, however many declines`, () => {
    const thin = [
      ...calls.filter((call) => !call.startedAt.startsWith(days[10])),
      ...Array.from({ length: MIN_DIALS - 1 }, () =>
        callWith(`${days[10]}T10:00:00Z`, [dial('alice', 'declined-by-user', `${days[10]}T10:00:10Z`)]),
      ),
    ];
    expect(spikeTests(thin, config.timezone, period)).toEqual([]);
  });

  it('tests no day without a baseline', () => {
    const firstDay = { since: `${days[0]}T00:00:00Z`, until: `${days[0]}T23:59:59Z` };
    expect(spikeTests(calls, config.timezone, firstDay)).toEqual([]);
  });
});
