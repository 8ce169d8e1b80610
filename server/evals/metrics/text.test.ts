import { describe, expect, it } from 'vitest';
import { contentTokens, splitAnswer, stripCitationMarkers } from './text';

describe('answer sentences and tokens', () => {
  it('splits sentences, keeping abbreviations and decimals whole, and attaches markers to their sentence', () => {
    const answer = 'The plan costs 9.50 euros [1]. It includes e.g. Email support![2][3] Mr. Smith agreed. [4] Then, approx. ten days.';
    expect(splitAnswer(answer)).toEqual([
      { text: 'The plan costs 9.50 euros.', citations: [1] },
      { text: 'It includes e.g. Email support!', citations: [2, 3] },
      // "[4]" opens the next fragment but belongs to the sentence before, as chat reads it.
      { text: 'Mr. Smith agreed.', citations: [4] },
      { text: 'Then, approx. ten days.', citations: [] },
    ]);
  });

  it('ends sentences at line breaks, reads [1, 2] as two markers, and drops marker-only fragments', () => {
    expect(splitAnswer('Two plans exist:\n- Starter [1, 2]\n- Enterprise [2][2]\n[3]')).toEqual([
      { text: 'Two plans exist:', citations: [] },
      { text: '- Starter', citations: [1, 2] },
      { text: '- Enterprise', citations: [2, 3] },
    ]);
  });

  it('does not split before a lowercase word, and splits after "etc." before a capital', () => {
    expect(splitAnswer('It costs approx. ten euros, i.e. little. Taxes, fees etc. Are extra.').map((s) => s.text)).toEqual([
      'It costs approx. ten euros, i.e. little.',
      'Taxes, fees etc.',
      'Are extra.',
    ]);
  });

  it('has no sentence in an empty or marker-only answer', () => {
    expect(splitAnswer('')).toEqual([]);
    expect(splitAnswer('  [1] ')).toEqual([]);
  });

  it('content tokens drop stopwords and markers, stem lightly and keep numbers whole', () => {
    expect(contentTokens('The prices were 1,000 euros, e.g. 9.50 per user [1].')).toEqual(['pric', '1000', 'euro', '9.50', 'user']);
    expect(stripCitationMarkers('Paris [1][2] is big [3].')).toBe('Paris is big.');
  });
});
