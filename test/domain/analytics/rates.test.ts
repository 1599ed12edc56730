import { callCategory, legCategory } from '../../../lambdas/domain/analytics/categories';
import { ratesOf } from '../../../lambdas/domain/analytics/rates';
import { callWith, dial, SEEDED_AGENTS, seededCalls, undialledCall } from '../../support/seeded-calls';

const LONDON = 'Europe/London';

describe('the report categories', () => {
  it('splits unavailable into the endpoint refusing (480) and the dial ringing out (no-answer)', () => {
    expect(legCategory(dial('alice', 'unavailable', '2026-11-02T10:00:00Z'))).toBe('unavailable');
    expect(legCategory(dial('alice', 'no-answer', '2026-11-02T10:00:00Z'))).toBe('no-answer');
    const numberLegTimeout = dial('alice', 'no-answer', '2026-11-02T10:00:00Z', {
      sipResponseCode: undefined,
    });
    expect(legCategory(numberLegTimeout)).toBe('no-answer');
  });

  it('counts a hunted call by how it ended, and a closed call as after hours', () => {
    const hunted = callWith('2026-11-02T10:00:00Z', [
      dial('alice', 'busy', '2026-11-02T10:00:01Z'),
      dial('bob', 'answered', '2026-11-02T10:00:06Z'),
    ]);
    expect(callCategory(hunted)).toBe('answered');
    expect(callCategory(undialledCall('2026-11-02T20:00:00Z', 'abandoned-closed'))).toBe('after-hours');
    expect(callCategory(undialledCall('2026-11-02T20:00:00Z', 'after-hours'))).toBe('after-hours');
    expect(callCategory(undialledCall('2026-11-02T10:00:00Z', 'abandoned'))).toBe('abandoned');
  });
});

describe('ratesOf, on hand-counted calls', () => {
  // Monday 2 and Tuesday 3 November 2026, GMT: five calls, seven dials.
  const calls = [
    callWith('2026-11-02T09:10:00Z', [
      dial('alice', 'busy', '2026-11-02T09:10:01Z'),
      dial('bob', 'declined-by-user', '2026-11-02T09:10:08Z'),
    ]),
    callWith('2026-11-02T09:40:00Z', [
      dial('alice', 'no-answer', '2026-11-02T09:40:20Z'),
      dial('bob', 'no-answer', '2026-11-02T09:40:41Z'),
      dial('carol', 'answered', '2026-11-02T09:40:45Z'),
    ]),
    callWith('2026-11-02T14:00:00Z', [dial('alice', 'declined-by-policy', '2026-11-02T14:00:00Z')]),
    undialledCall('2026-11-02T19:00:00Z', 'after-hours'),
    callWith('2026-11-03T09:05:00Z', [dial('alice', 'answered', '2026-11-03T09:05:04Z')]),
  ];
  const rates = ratesOf(calls, 'day', LONDON);

  it('counts each call once, by how it ended, over calls', () => {
    expect(rates.calls.total).toBe(5);
    expect(rates.calls.counts).toMatchObject({
      answered: 2,
      'declined-by-user': 1,
      'declined-by-policy': 1,
      'after-hours': 1,
    });
    expect(rates.calls.rates.answered).toBe(2 / 5);
    expect(rates.calls.rates.busy).toBe(0);
  });

  it('counts each dial once for its own agent, over dials', () => {
    expect(rates.dials.total).toBe(7);
    expect(rates.byAgent.alice.total).toBe(4);
    expect(rates.byAgent.alice.counts).toMatchObject({
      busy: 1,
      'no-answer': 1,
      'declined-by-policy': 1,
      answered: 1,
    });
    expect(rates.byAgent.alice.rates['declined-by-policy']).toBe(1 / 4);
    expect(rates.byAgent.bob.rates['declined-by-user']).toBe(1 / 2);
    expect(rates.byAgent.carol.rates.answered).toBe(1);
  });

  it('cuts calls and dials into local calendar days', () => {
    expect(rates.byWindow.map((window) => [window.window, window.calls.total, window.dials.total])).toEqual([
      ['2026-11-02', 4, 6],
      ['2026-11-03', 1, 1],
    ]);
  });

  it('cuts them into hours of the day and weekdays on the local clock', () => {
    const byHour = ratesOf(calls, 'hour', LONDON).byWindow.map((window) => [
      window.window,
      window.calls.total,
    ]);
    expect(byHour).toEqual([
      ['09', 3],
      ['14', 1],
      ['19', 1],
    ]);
    const byWeekday = ratesOf(calls, 'weekday', LONDON).byWindow.map((window) => window.window);
    expect(byWeekday).toEqual(['mon', 'tue']);
  });

  it('reads hours on the local clock in summer time too', () => {
    const summer = [callWith('2026-07-01T08:30:00Z', [dial('alice', 'answered', '2026-07-01T08:30:04Z')])];
    expect(ratesOf(summer, 'hour', LONDON).byWindow[0].window).toBe('09');
  });
});

describe('ratesOf, on the seeded calls', () => {
  const seeded = seededCalls(7);
  const rates = ratesOf(seeded.calls, 'weekday', LONDON);

  it('gives each agent exactly the dials it was seeded with', () => {
    for (const agentId of SEEDED_AGENTS) {
      const tally = rates.byAgent[agentId];
      expect(tally.total).toBe(400);
      expect(tally.counts).toMatchObject(seeded.truth.dialsByAgent[agentId]);
    }
    expect(rates.byAgent.alice.rates['declined-by-user']).toBe(20 / 400);
    expect(rates.byAgent.bob.rates['declined-by-user']).toBe(40 / 400);
  });

  it('gives the calls exactly the outcomes they were built with', () => {
    expect(rates.calls.counts).toMatchObject(seeded.truth.calls);
    expect(rates.calls.counts['after-hours']).toBe(28 * 3);
  });

  it('puts every dial on a weekday and the closed calls on every day', () => {
    expect(rates.byWindow.map((window) => window.window)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
    ]);
    expect(rates.byWindow.find((window) => window.window === 'sat')?.dials.total).toBe(0);
    expect(rates.byWindow.reduce((sum, window) => sum + window.dials.total, 0)).toBe(1600);
  });
});
