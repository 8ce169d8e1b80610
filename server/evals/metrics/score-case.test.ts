import { describe, expect, it } from 'vitest';
import { CASE_METRIC_NAMES, CASE_METRICS, RUN_METRICS } from './catalogue';
import { scoreCase } from './score-case';

describe('scoreCase', () => {
  it('scores one case on every metric of the catalogue', () => {
    const passage = 'Refunds are issued within 10 days by email.';
    const score = scoreCase(
      {
        retrieval: { retrieved: [{ documentId: 'refunds' }, { documentId: 'pricing' }], gold: [{ documentId: 'refunds' }] },
        answer: { answer: 'Refunds are issued within 10 days by email [1].', reference: 'within 10 days', keyFacts: ['10 days'] },
        citations: { answer: 'Refunds are issued within 10 days by email [1].', cited: { 1: passage }, retrieved: [passage] },
      },
      { k: 3 },
    );
    expect(Object.keys(score.metrics).sort()).toEqual([...CASE_METRIC_NAMES].sort());
    expect(score.metrics).toMatchObject({
      hitAtK: 1,
      recallAtK: 1,
      reciprocalRank: 1,
      ndcgAtK: 1,
      exactMatch: 0,
      keyFactCoverage: 1,
      citationRecall: 1,
      citationPrecision: 1,
      faithfulness: 1,
      hallucination: 0,
    });
    // answer tokens: refunds are issued within 10 days by email (8); reference 3 shared: P 3/8, R 1 → F1 = 6/11.
    expect(score.metrics.tokenF1).toBeCloseTo(6 / 11, 12);
    expect(score.k).toBe(3);
  });

  it('every metric has a formula and a direction', () => {
    for (const m of [...Object.values(CASE_METRICS), ...Object.values(RUN_METRICS)]) {
      expect(m.formula.length).toBeGreaterThan(20);
      expect(typeof m.higherIsBetter).toBe('boolean');
    }
    expect(CASE_METRICS.reciprocalRank.formula).toContain('1 / rank of the first gold document');
    expect(RUN_METRICS.latencyP95.formula).toContain('p95');
  });
});
