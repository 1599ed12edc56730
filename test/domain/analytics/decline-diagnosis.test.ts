import { hourSpan } from '../../../lambdas/domain/analytics/decline-diagnosis';

describe('hourSpan', () => {
  it.each([
    [[19, 20, 22], '19:00–23:00'],
    [[23, 0, 1], '23:00–02:00'],
    [[10], '10:00–11:00'],
    [[0, 12], '00:00–13:00'],
  ])('%p → %p', (hours, span) => {
    expect(hourSpan(hours)).toBe(span);
  });
});
