/**
 * How a figure is printed beside its target: `pass` or `miss`. A miss is reported, never failed
 * on: the figures depend on the machine, and the bench exits non-zero only when it cannot measure.
 */
export function verdict(met: boolean, target: string): string {
  return `${met ? 'pass' : 'miss'} ${target}`;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
