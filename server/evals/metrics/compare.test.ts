import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare';

describe('compareRuns', () => {
  it('bootstraps each metric with its own direction', () => {
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const baseline = Object.fromEntries(ids.map((id) => [id, { faithfulness: 0.5, hallucination: 0.5, exactMatch: null }]));
    const candidate = new Map(ids.map((id, i) => [id, { faithfulness: 0.3 - i * 0.01, hallucination: 0.7 + i * 0.01, exactMatch: 1 }]));
    const r = compareRuns(baseline, candidate, { metrics: ['faithfulness', 'hallucination', 'exactMatch'] });
    expect(Object.keys(r)).toEqual(['faithfulness', 'hallucination', 'exactMatch']);
    expect(r.faithfulness).toMatchObject({ significant: true, verdict: 'worse', n: 6 });
    // Hallucination went up: also worse, though its difference is positive.
    expect(r.hallucination.meanDifference!).toBeGreaterThan(0);
    expect(r.hallucination).toMatchObject({ significant: true, verdict: 'worse' });
    expect(r.exactMatch).toMatchObject({ n: 0, dropped: 6, meanDifference: null });
  });

  it('covers every case metric by default', () => {
    expect(Object.keys(compareRuns({}, {}))).toHaveLength(11);
  });
});
