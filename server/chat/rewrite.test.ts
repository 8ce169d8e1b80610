import { describe, expect, it } from 'vitest';
import { rewriteQuery } from './rewrite';

describe('rewriteQuery', () => {
  it('carries the subject of earlier questions into a follow-up', () => {
    const history = [
      { role: 'user' as const, content: 'Tell me about the Enterprise plan' },
      { role: 'assistant' as const, content: 'The Enterprise plan adds single sign-on [1].' },
    ];
    expect(rewriteQuery('and what about its price?', history)).toBe('and what about its price? enterprise plan');
    expect(rewriteQuery('How much does it cost?', history)).toContain('enterprise');
  });

  it('leaves standalone questions and first questions alone', () => {
    expect(rewriteQuery('What are the office opening hours in Lisbon?', [{ role: 'user', content: 'Enterprise plan?' }])).toBe(
      'What are the office opening hours in Lisbon?',
    );
    expect(rewriteQuery('and its price?', [])).toBe('and its price?');
  });
});
