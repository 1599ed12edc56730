import { findPbxDrift, inDriftWindow, weekdaysInWords } from '../../../lambdas/domain/analytics/pbx-drift';
import { callWith, dial, seededCalls, seededConfig } from '../../support/seeded-calls';

const config = seededConfig(); // Mon–Fri 09:00–17:30, Europe/London (GMT in November)

/** A one-dial call at a local (GMT) time. */
const oneDial = (
  at: string,
  category: 'declined-by-policy' | 'answered' = 'declined-by-policy',
  agentId = 'alice',
) => callWith(at, [dial(agentId, category, at)]);

/** One seeded data set with the drift planted, shared by the tests that only read it. */
const drifted = seededCalls(3, { pbxDrift: { perWeekday: 2 } });

describe('findPbxDrift on the seeded calls', () => {
  it('names the planted window in words, with what to change', () => {
    const windows = findPbxDrift(drifted.calls, drifted.config);
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({
      weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      from: '17:00',
      to: '17:30',
    });
    expect(windows[0].summary).toBe('Mon–Fri 17:00–17:30: 40 policy declines while open until 17:30');
    expect(windows[0].recommendation).toContain("move the PBX's after-hours rule (time condition) to 17:30");
    expect(windows[0].recommendation).toContain("set Redial's openingHours to close at 17:00 on Mon–Fri");
  });

  it.each([1, 2, 3])('reports none when the PBX agrees with Redial (seed %i)', (seed) => {
    const seeded = seededCalls(seed, {
      trainingSpike: { agentId: 'alice', dates: ['2026-11-24'], perDay: 8 },
      routingSpike: { date: '2026-11-18', perAgent: 6 },
    });
    expect(findPbxDrift(seeded.calls, seeded.config)).toEqual([]);
  });
});

describe('findPbxDrift', () => {
  it('is no finding below the minimum count, however clean the pattern', () => {
    const calls = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'].map((date) =>
      oneDial(`${date}T17:10:00Z`),
    );
    expect(findPbxDrift(calls, config)).toEqual([]);
  });

  it('ignores rule declines that are a small share of their slot (screening, not a schedule)', () => {
    const mondays = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
    const calls = mondays.flatMap((date) => [
      oneDial(`${date}T11:05:00Z`),
      oneDial(`${date}T11:06:00Z`),
      ...Array.from({ length: 6 }, () => oneDial(`${date}T11:10:00Z`, 'answered')),
    ]);
    expect(findPbxDrift(calls, config)).toEqual([]);
  });

  it('counts no decline made while closed, whatever the PBX did', () => {
    const calls = ['2026-11-02', '2026-11-03', '2026-11-04'].flatMap((date) => [
      oneDial(`${date}T17:40:00Z`),
      oneDial(`${date}T17:45:00Z`),
    ]);
    expect(findPbxDrift(calls, config)).toEqual([]);
  });

  it('merges adjacent half hours and keeps different weekdays apart when their spans differ', () => {
    const late = ['2026-11-02', '2026-11-09'].flatMap((date) =>
      ['T16:05', 'T16:35', 'T17:05'].flatMap((time) => [
        oneDial(`${date}${time}:00Z`),
        oneDial(`${date}${time}:30Z`),
      ]),
    );
    const early = ['2026-11-04', '2026-11-11', '2026-11-18'].flatMap((date) => [
      oneDial(`${date}T09:05:00Z`),
      oneDial(`${date}T09:10:00Z`),
    ]);
    const windows = findPbxDrift([...late, ...early], config);
    expect(windows.map((window) => window.summary)).toEqual([
      'Mon 16:00–17:30: 12 policy declines while open until 17:30',
      'Wed 09:00–09:30: 6 policy declines while open until 17:30',
    ]);
    expect(windows[1].recommendation).toContain("move the PBX's opening (time condition) to 09:00");
  });

  it('knows which dials fall in a window', () => {
    const windows = findPbxDrift(drifted.calls, drifted.config);
    expect(inDriftWindow('2026-11-06T17:15:00Z', windows, config.timezone)).toBe(true);
    expect(inDriftWindow('2026-11-07T17:15:00Z', windows, config.timezone)).toBe(false); // a Saturday
    expect(inDriftWindow('2026-11-06T17:30:00Z', windows, config.timezone)).toBe(false);
  });
});

describe('weekdaysInWords', () => {
  it('writes runs of three or more as ranges', () => {
    expect(weekdaysInWords(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri');
    expect(weekdaysInWords(['mon', 'wed'])).toBe('Mon, Wed');
    expect(weekdaysInWords(['sat', 'mon', 'tue', 'wed'])).toBe('Mon–Wed, Sat');
  });
});
