import { describe, expect, it } from 'vitest';
import { caseVerdict } from './verdict';

const all = { reference: true, keyFacts: true, gold: true };

describe('caseVerdict', () => {
  it('passes a case that meets every applicable check', () => {
    expect(
      caseVerdict({
        status: 'ok',
        abstained: false,
        metrics: { hitAtK: 1, keyFactCoverage: 1, tokenF1: 0.2, citationRecall: 0.5 },
        expects: all,
      }),
    ).toEqual([]);
  });

  it('an error is only an error', () => {
    expect(caseVerdict({ status: 'error', abstained: false, metrics: { hitAtK: 0 }, expects: all })).toEqual(['error']);
  });

  it('names every failed check in order', () => {
    expect(
      caseVerdict({ status: 'ok', abstained: false, metrics: { hitAtK: 0, keyFactCoverage: 0.5, citationRecall: 0.25 }, expects: all }),
    ).toEqual(['retrieval_miss', 'missing_key_facts', 'unsupported']);
  });

  it('judges wording by token F1 only when the case has no key facts', () => {
    const expects = { reference: true, keyFacts: false, gold: false };
    expect(caseVerdict({ status: 'ok', abstained: false, metrics: { tokenF1: 0.49, keyFactCoverage: null }, expects })).toEqual([
      'wrong_answer',
    ]);
    expect(caseVerdict({ status: 'ok', abstained: false, metrics: { tokenF1: 0.5 }, expects })).toEqual([]);
    expect(caseVerdict({ status: 'ok', abstained: false, metrics: { tokenF1: 0.1, keyFactCoverage: 1 }, expects: all })).toEqual([]);
  });

  it('an abstention fails a case that expects an answer, and passes one that expects none', () => {
    expect(caseVerdict({ status: 'ok', abstained: true, metrics: { tokenF1: 0, keyFactCoverage: 0 }, expects: all })).toEqual([
      'abstained',
      'missing_key_facts',
    ]);
    expect(
      caseVerdict({ status: 'ok', abstained: true, metrics: {}, expects: { reference: false, keyFacts: false, gold: false } }),
    ).toEqual([]);
  });
});
