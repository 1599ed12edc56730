import { mapConcurrently } from '../../tools/command-line/progress';

describe('mapConcurrently', () => {
  it('keeps the items’ order, never runs more than the limit at once, and reports each item done', async () => {
    let running = 0;
    let most = 0;
    const reports: [number, number][] = [];
    const results = await mapConcurrently(
      [30, 5, 20, 1, 10, 2],
      2,
      async (ms) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running--;
        return ms * 2;
      },
      (done, total) => reports.push([done, total]),
    );
    expect(results).toEqual([60, 10, 40, 2, 20, 4]);
    expect(most).toBe(2);
    expect(reports).toEqual([1, 2, 3, 4, 5, 6].map((done) => [done, 6]));
  });

  it('does nothing for no items', async () => {
    await expect(mapConcurrently([], 4, async () => 1)).resolves.toEqual([]);
  });
});
