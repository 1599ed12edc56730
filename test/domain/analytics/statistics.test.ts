import {
  benjaminiHochberg,
  betaBinomialUpperTail,
  binomialUpperTail,
  logGamma,
  median,
} from '../../../lambdas/domain/analytics/statistics';

describe('binomialUpperTail', () => {
  it('sums the exact tail: P(X ≥ 8 | 10, ½) = (45 + 10 + 1) / 1024', () => {
    expect(binomialUpperTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 12);
  });

  it('P(X ≥ 1 | n, p) = 1 − (1 − p)^n', () => {
    expect(binomialUpperTail(1, 20, 0.05)).toBeCloseTo(1 - 0.95 ** 20, 12);
  });

  it('P(X ≥ n | n, p) = p^n', () => {
    expect(binomialUpperTail(5, 5, 0.1)).toBeCloseTo(1e-5, 15);
  });

  it('is 1 for k ≤ 0 and 0 for k > n', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
  });
});

describe('benjaminiHochberg', () => {
  it('rejects up to the largest rank whose p is under its line, in the input order', () => {
    // m = 5, q = 0.05: lines 0.01, 0.02, 0.03, 0.04, 0.05. Sorted p: 0.001, 0.015, 0.028, 0.2, 0.9.
    // Rank 3 (0.028 ≤ 0.03) is the largest under its line, so ranks 1–3 are discoveries.
    const { discovered, adjusted } = benjaminiHochberg([0.2, 0.028, 0.001, 0.9, 0.015], 0.05);
    expect(discovered).toEqual([false, true, true, false, true]);
    expect(adjusted[2]).toBeCloseTo(0.005, 12);
    expect(adjusted[1]).toBeCloseTo((0.028 * 5) / 3, 12);
  });

  it('rejects nothing when no p is under its line', () => {
    expect(benjaminiHochberg([0.04, 0.5], 0.05).discovered).toEqual([false, false]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('logGamma', () => {
  it('gives ln((n − 1)!) at whole numbers and ln √π at ½', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe('betaBinomialUpperTail', () => {
  it('is the exact tail: with α = β = 1 every count from 0 to n is equally likely', () => {
    // Beta(1, 1) is uniform, and a binomial count with a uniform rate is uniform on 0..n.
    expect(betaBinomialUpperTail(3, 9, 1, 1)).toBeCloseTo(7 / 10, 12);
  });

  it('is wider than the binomial at the same mean when the baseline is thin, and close to it when long', () => {
    const thin = betaBinomialUpperTail(5, 20, 2.5, 47.5); // 2 in 49 dials, mean 5 %
    const long = betaBinomialUpperTail(5, 20, 50.5, 959.5); // 50 in 1,009 dials, mean 5 %
    const binomial = binomialUpperTail(5, 20, 0.05);
    expect(thin).toBeGreaterThan(2 * binomial);
    expect(long / binomial).toBeCloseTo(1, 0);
  });
});
