import { describe, expect, it } from 'vitest';
import { mulberry32, pairedBootstrap, quantileSorted } from './bootstrap';

const byCase = (values: (number | null)[]) => Object.fromEntries(values.map((v, i) => [`case-${i}`, v]));

describe('mulberry32', () => {
  it('is deterministic per seed and uniform in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first).not.toEqual(Array.from({ length: 5 }, mulberry32(8)));
    // Known first output of mulberry32(0), so a change of algorithm cannot pass unnoticed.
    expect(mulberry32(0)()).toBeCloseTo(0.26642920868471265, 15);
    for (const x of Array.from({ length: 1000 }, mulberry32(1))) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('paired bootstrap', () => {
  it('interpolates quantiles linearly', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it('identical runs give a difference of 0 with the interval [0, 0]', () => {
    const run = byCase([0.2, 0.5, 1, 0, 0.7]);
    expect(pairedBootstrap(run, run)).toEqual({
      meanDifference: 0,
      low: 0,
      high: 0,
      n: 5,
      dropped: 0,
      significant: false,
      verdict: 'no-difference',
    });
  });

  it('a consistent improvement gives an interval that excludes 0', () => {
    const gains = [0.1, 0.2, 0.15, 0.1, 0.2, 0.15, 0.1, 0.2, 0.15, 0.1];
    const baseline = byCase(gains.map(() => 0.5));
    const candidate = byCase(gains.map((g) => 0.5 + g));
    const r = pairedBootstrap(baseline, candidate);
    expect(r.meanDifference).toBeCloseTo(0.145, 12);
    expect(r.low!).toBeGreaterThanOrEqual(0.1);
    expect(r.high!).toBeLessThanOrEqual(0.2);
    expect(r.low!).toBeLessThan(0.145);
    expect(r.high!).toBeGreaterThan(0.145);
    expect(r).toMatchObject({ n: 10, significant: true, verdict: 'better' });
    // For a metric where lower is better (hallucination) the same rise is a regression.
    expect(pairedBootstrap(baseline, candidate, { higherIsBetter: false }).verdict).toBe('worse');
    expect(pairedBootstrap(candidate, baseline).verdict).toBe('worse');
  });

  it('differences that cancel out are not significant', () => {
    const r = pairedBootstrap(byCase([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), byCase([0.8, 0.2, 0.7, 0.3, 0.6, 0.4]));
    expect(r.meanDifference).toBeCloseTo(0, 12);
    expect(r.low!).toBeLessThan(0);
    expect(r.high!).toBeGreaterThan(0);
    expect(r).toMatchObject({ significant: false, verdict: 'no-difference' });
  });

  it('drops and counts pairs with a value missing on either side', () => {
    const r = pairedBootstrap(
      { a: 1, b: null, c: 0.5 },
      new Map([
        ['a', 1],
        ['b', 1],
        ['c', 0.5],
        ['d', 1],
      ]),
    );
    expect(r).toMatchObject({ meanDifference: 0, n: 2, dropped: 2 });
    expect(pairedBootstrap({ a: null }, { a: 1 })).toEqual({
      meanDifference: null,
      low: null,
      high: null,
      n: 0,
      dropped: 1,
      significant: false,
      verdict: 'no-difference',
    });
  });

  it('is deterministic for a seed, and the seed and resample count are configurable', () => {
    const baseline = byCase([0.1, 0.9, 0.4, 0.6, 0.3, 0.8, 0.5]);
    const candidate = byCase([0.3, 0.7, 0.9, 0.6, 0.2, 1, 0.4]);
    const once = pairedBootstrap(baseline, candidate, { seed: 99, resamples: 500 });
    expect(pairedBootstrap(baseline, candidate, { seed: 99, resamples: 500 })).toEqual(once);
    expect(pairedBootstrap(baseline, candidate, { seed: 100, resamples: 500 }).low).not.toBe(once.low);
    expect(pairedBootstrap(baseline, candidate)).toEqual(pairedBootstrap(baseline, candidate));
    expect(() => pairedBootstrap(baseline, candidate, { resamples: 0 })).toThrow(RangeError);
  });

  it('one pair is never significant', () => {
    expect(pairedBootstrap({ a: 0 }, { a: 1 })).toMatchObject({ meanDifference: 1, low: 1, high: 1, significant: false });
  });
});
