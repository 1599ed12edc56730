/**
 * The two pieces of statistics the spike finder needs, exact and dependency-free: a binomial upper
 * tail and the Benjamini–Hochberg step-up procedure.
 */

/** ln(n!) for every n up to `max`, by summing logs: exact to double precision for the sizes here. */
function logFactorials(max: number): number[] {
  const table = [0];
  for (let n = 1; n <= max; n++) table.push(table[n - 1] + Math.log(n));
  return table;
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p): the chance of `k` or more successes in `n` trials by luck alone.
 * Summed term by term in log space, so it stays exact where a normal approximation would not (small
 * n, p near 0, which is where declines live).
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lnFact = logFactorials(n);
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  let tail = 0;
  for (let i = k; i <= n; i++) {
    tail += Math.exp(lnFact[n] - lnFact[i] - lnFact[n - i] + i * lnP + (n - i) * lnQ);
  }
  return Math.min(1, tail);
}

/**
 * Benjamini–Hochberg at false discovery rate `q`: which of `pValues` are discoveries. Sort them
 * ascending; the largest rank i with p(i) ≤ i·q/m, and every smaller p, are. Returned in the input's
 * order, with each test's adjusted p-value (the smallest q at which it would be a discovery).
 */
export function benjaminiHochberg(
  pValues: readonly number[],
  q: number,
): { readonly discovered: boolean[]; readonly adjusted: number[] } {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m).fill(1);
  let runningMin = 1;
  // From the largest p down, so each adjusted value is the minimum over the ranks above it.
  for (let rank = m; rank >= 1; rank--) {
    const { p, index } = order[rank - 1];
    runningMin = Math.min(runningMin, (p * m) / rank);
    adjusted[index] = runningMin;
  }
  return { discovered: adjusted.map((value) => value <= q), adjusted };
}

/** The median of a list of numbers; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Lanczos coefficients (g = 7, n = 9): ln Γ to about 15 significant digits for positive arguments. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * P(X ≥ k) for X ~ BetaBinomial(n, α, β): the binomial tail when the rate itself is only known as
 * Beta(α, β), e.g. from a baseline of α − ½ successes in α + β − 1 trials. Wider than the binomial
 * when the baseline is thin, the same as it once the baseline is large.
 */
export function betaBinomialUpperTail(k: number, n: number, alpha: number, beta: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const lnFact = logFactorials(n);
  const lnNorm = logBeta(alpha, beta);
  let tail = 0;
  for (let i = k; i <= n; i++) {
    tail += Math.exp(lnFact[n] - lnFact[i] - lnFact[n - i] + logBeta(i + alpha, n - i + beta) - lnNorm);
  }
  return Math.min(1, tail);
}
