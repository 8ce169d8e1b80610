import { describe, expect, it } from 'vitest';
import { aggregateResults, percentile, type CaseResult } from './aggregate';

describe('run aggregates', () => {
  it('nearest-rank percentiles are observed values', () => {
    const values = [300, 100, 500, 200, 400];
    expect(percentile(values, 50)).toBe(300); // ⌈0.5·5⌉ = 3rd
    expect(percentile(values, 95)).toBe(500); // ⌈0.95·5⌉ = 5th
    expect(percentile([10, 20], 50)).toBe(10); // ⌈0.5·2⌉ = 1st
    expect(percentile(values, 0)).toBe(100);
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });

  it('averages each metric over the cases where it applies and counts errors apart', () => {
    const results: CaseResult[] = [
      { status: 'ok', metrics: { exactMatch: 1, faithfulness: 1, hitAtK: null }, latencyMs: 100, tokens: 10, costUsd: 0.01 },
      { status: 'ok', metrics: { exactMatch: 0, faithfulness: 0.5, hitAtK: null }, latencyMs: 300, tokens: 20, costUsd: 0.02 },
      { status: 'ok', metrics: { exactMatch: null, faithfulness: 0 }, latencyMs: 200, tokens: 30 },
      { status: 'error', error: 'model timed out', costUsd: 0.005 },
    ];
    const s = aggregateResults(results);
    expect(s).toMatchObject({ cases: 4, succeeded: 3, errors: 1 });
    // The error is not a zero: exact match is (1 + 0) / 2 over the two cases with a reference.
    expect(s.metrics.exactMatch).toEqual({ mean: 0.5, n: 2 });
    expect(s.metrics.faithfulness).toEqual({ mean: 0.5, n: 3 });
    expect(s.metrics.hitAtK).toEqual({ mean: null, n: 0 });
    expect(s.latencyMs).toEqual({ p50: 200, p95: 300, n: 3 });
    expect(s.tokens).toEqual({ mean: 20, total: 60, n: 3 });
    // Cost is a total, the failed call's included.
    expect(s.costUsd.total).toBeCloseTo(0.035, 12);
    expect(s.costUsd.n).toBe(3);
  });

  it('a run where every case errored has counts and no means', () => {
    const s = aggregateResults([{ status: 'error', error: 'a' }, { status: 'error' }]);
    expect(s).toEqual({
      cases: 2,
      succeeded: 0,
      errors: 2,
      metrics: {},
      latencyMs: { p50: null, p95: null, n: 0 },
      tokens: { mean: null, total: 0, n: 0 },
      costUsd: { total: 0, n: 0 },
    });
  });
});
