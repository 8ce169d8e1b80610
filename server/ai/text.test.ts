import { describe, expect, it } from 'vitest';
import { contentWords, overlap, splitSentences } from './text';

describe('text utilities', () => {
  it('splits sentences with exact offsets, keeping abbreviations and decimals whole', () => {
    const text = 'The plan costs 9.50 euros. It includes e.g. email support!\nSecond line here';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['The plan costs 9.50 euros.', 'It includes e.g. email support!', 'Second line here']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('finds content words and their overlap with a question', () => {
    expect(contentWords('What is the price of the Enterprise plans?')).toEqual(['pric', 'enterpris', 'plan']);
    expect(contentWords('priced prices price')).toEqual(['pric', 'pric', 'pric']);
    expect(overlap(contentWords('price of the enterprise plan'), 'The Enterprise plan is priced at 90 euros.')).toBe(1);
    expect(overlap(contentWords('price of the starter plan'), 'The Enterprise plan is priced at 90 euros.')).toBeCloseTo(2 / 3);
  });
});
