import { describe, expect, it } from 'vitest';
import { citationMetrics, SUPPORT_THRESHOLD, supportScore, supports } from './citations';

const P1 = 'The Enterprise plan costs 90 euros per month.';
const P2 = 'Support is available by email on weekdays.';
const P3 = 'Our office has a garden with apple trees.';

describe('lexical support test', () => {
  it('supports a paraphrase that keeps most content words', () => {
    // Sentence tokens: enterpris plan cost 90 euro month; passage has all but "cost" (it says "priced"): 5/6.
    const r = supportScore('The Enterprise plan costs 90 euros per month.', ['Enterprise: the plan is priced at 90 euros each month.']);
    expect(r.score).toBeCloseTo(5 / 6, 12);
    expect(r.supported).toBe(true);
    expect(SUPPORT_THRESHOLD).toBe(0.6);
  });

  it('refuses a wrong number even when the share of words is above the threshold', () => {
    const r = supportScore('The Enterprise plan costs 80 euros per month.', [P1]);
    expect(r.score).toBeCloseTo(5 / 6, 12);
    expect(r.missingNumbers).toEqual(['80']);
    expect(r.supported).toBe(false);
  });

  it('refuses a sentence that shares only its topic, and honours a custom threshold', () => {
    // apple tre grow garden vs P3: apple, tre, garden present → 3/4.
    expect(supportScore('Apple trees grow in the garden.', [P3]).score).toBe(0.75);
    expect(supports('Apple trees grow in the garden.', [P3], { threshold: 0.8 })).toBe(false);
    expect(supports('Apple trees grow in the garden.', [P1])).toBe(false);
    expect(supports('Apple trees grow in the garden.', [])).toBe(false);
  });
});

describe('citation recall, precision, faithfulness', () => {
  const answer =
    'The Enterprise plan costs 90 euros per month [1][3]. Support is available by email on weekdays [2]. ' +
    'Apple trees grow in the garden [1]. The plan includes single sign-on.';
  const cited = new Map([
    [1, P1],
    [2, P2],
    [3, P3],
  ]);

  it('computes ALCE recall and precision on a hand-worked answer', () => {
    const m = citationMetrics({ answer, cited, retrieved: [P1, P2, P3] });
    // S1 [1][3]: supported; [1] supports alone; [3] does not, and [1] without it still supports → [3] irrelevant.
    // S2 [2]: supported, precise. S3 [1]: a citation that supports nothing → unsupported, imprecise.
    // S4: no citation → unsupported.
    expect(m.sentences.map((s) => [s.supportedByCitations, s.preciseCitations])).toEqual([
      [true, [1]],
      [true, [2]],
      [false, []],
      [false, []],
    ]);
    expect(m.citationRecall).toBe(2 / 4);
    expect(m.citationPrecision).toBe(2 / 4);
    // Retrieved together support S1, S2 and S3 (apple, tre, garden: 3/4), not S4 (only "plan": 1/4).
    expect(m.faithfulness).toBe(3 / 4);
    expect(m.hallucination).toBe(1 / 4);
  });

  it('counts both citations when each alone falls short but together they support', () => {
    // Tokens: plan cost 90 euro support answer email weekday (8). P1 alone 4/8, P2 alone 3/8, together 7/8.
    const m = citationMetrics({
      answer: 'The plan costs 90 euros; support answers by email on weekdays [1][2].',
      cited: { 1: P1, 2: P2 },
      retrieved: [P1, P2],
    });
    expect(m.citationRecall).toBe(1);
    expect(m.citationPrecision).toBe(1);
    expect(m.sentences[0]!.preciseCitations).toEqual([1, 2]);
  });

  it('gives no precision to citations of a sentence they do not support together', () => {
    const m = citationMetrics({ answer: 'Apple trees grow in the garden [1][2].', cited: { 1: P1, 2: P2 }, retrieved: [P1, P2] });
    expect(m).toMatchObject({ citationRecall: 0, citationPrecision: 0, faithfulness: 0, hallucination: 1 });
  });

  it('treats a marker with no passage as a citation of nothing', () => {
    const m = citationMetrics({ answer: 'Support is available by email on weekdays [9].', cited: { 1: P2 }, retrieved: [P2] });
    expect(m).toMatchObject({ citationRecall: 0, citationPrecision: 0, faithfulness: 1, hallucination: 0 });
  });

  it('without any citation: recall 0, precision not applicable', () => {
    const m = citationMetrics({ answer: 'Support is available by email on weekdays.', cited: {}, retrieved: [P2] });
    expect(m).toMatchObject({ citationRecall: 0, citationPrecision: null, faithfulness: 1, hallucination: 0 });
  });

  it('an answer with no sentence gives null everywhere', () => {
    const none = { citationRecall: null, citationPrecision: null, faithfulness: null, hallucination: null, sentences: [] };
    expect(citationMetrics({ answer: '', cited: {}, retrieved: [P1] })).toEqual(none);
    expect(citationMetrics({ answer: '[1] …', cited: { 1: P1 }, retrieved: [P1] })).toEqual(none);
  });
});
