import { describe, expect, it } from 'vitest';
import { answerMetrics, exactMatch, keyFactCoverage, tokenF1 } from './answer';
import { normalizeAnswer } from './text';

describe('answer metrics', () => {
  it('normalises as SQuAD does', () => {
    expect(normalizeAnswer('  The  Cat, sat on AN e-mail!  ')).toBe('cat sat on email');
    expect(normalizeAnswer('Paris [1][2].')).toBe('paris');
  });

  it('exact match ignores case, punctuation, articles, spacing and citation markers', () => {
    expect(exactMatch('The price is 90 euros. [1]', 'price is  90 euros')).toBe(1);
    expect(exactMatch('The price is 80 euros.', 'price is 90 euros')).toBe(0);
  });

  it('token F1 against a hand-computed value', () => {
    // answer tokens: plan costs 90 euros per month (6); reference: it costs 90 euros (4); shared 3.
    // P = 3/6, R = 3/4, F1 = 2·0.5·0.75 / 1.25 = 0.6
    expect(tokenF1('The plan costs 90 euros per month', 'It costs 90 euros')).toBeCloseTo(0.6, 12);
    // Multiplicity: "yes yes yes" vs "yes" shares one token: P = 1/3, R = 1, F1 = 0.5.
    expect(tokenF1('yes yes yes', 'yes')).toBeCloseTo(0.5, 12);
    expect(tokenF1('nothing shared', 'different words')).toBe(0);
  });

  it('key-fact coverage is the share of facts found as whole normalised words', () => {
    const answer = 'Refunds are issued within 10 days by e-mail [1].';
    // "10 days" and "E-mail" are present; "100" is not (no partial numbers), nor "store credit": 2/4.
    expect(keyFactCoverage(answer, ['10 days', 'E-mail', '100', 'store credit'])).toBe(0.5);
    // A fact that normalises to nothing is ignored; none left → null.
    expect(keyFactCoverage(answer, ['the', '10 days'])).toBe(1);
    expect(keyFactCoverage(answer, ['the'])).toBeNull();
    expect(keyFactCoverage(answer, [])).toBeNull();
  });

  it('an empty answer scores 0 where a reference or key facts exist', () => {
    expect(answerMetrics({ answer: '', reference: '90 euros', keyFacts: ['90 euros'] })).toEqual({
      exactMatch: 0,
      tokenF1: 0,
      keyFactCoverage: 0,
    });
    expect(answerMetrics({ answer: ' [1] ', reference: '90 euros' })).toMatchObject({ exactMatch: 0, tokenF1: 0 });
  });

  it('no reference (or a blank one) and no key facts give null', () => {
    expect(answerMetrics({ answer: 'anything' })).toEqual({ exactMatch: null, tokenF1: null, keyFactCoverage: null });
    expect(answerMetrics({ answer: 'anything', reference: '   ', keyFacts: [] })).toEqual({
      exactMatch: null,
      tokenF1: null,
      keyFactCoverage: null,
    });
  });

  it('takes the best of several references', () => {
    const m = answerMetrics({ answer: 'Ninety euros', reference: ['90 euros', 'ninety euros'] });
    expect(m).toMatchObject({ exactMatch: 1, tokenF1: 1 });
  });
});
