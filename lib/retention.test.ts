import { describe, expect, it } from 'vitest';
import { describeClassCounts, removesAnything, shortenedClasses, type RetentionPolicies } from './retention';

const FOREVER: RetentionPolicies = { chats: null, documents: null, usage_events: null, evaluations: null, audit: null };

describe('shortenedClasses', () => {
  it('counts a first period and a lower one as shorter, never a longer one or forever', () => {
    const saved = { ...FOREVER, chats: 30, documents: 90 };
    expect(shortenedClasses(saved, { ...saved, chats: 29, documents: 120, usage_events: 10 })).toEqual(['chats', 'usage_events']);
    expect(shortenedClasses(saved, { ...FOREVER })).toEqual([]);
    expect(shortenedClasses(saved, saved)).toEqual([]);
  });
});

describe('describeClassCounts', () => {
  it('says what each class removes, in words, with singulars', () => {
    expect(describeClassCounts('chats', { messages: 1, sessions: 2, feedback: 0 })).toBe('1 message, 2 conversations, 0 feedback entries');
    expect(describeClassCounts('documents', { documents: 3, bytes: 2048, chunks: 1 })).toBe('3 documents (2 KB, 1 passage)');
    expect(describeClassCounts('audit', { entries: 1200 })).toBe('1,200 audit entries');
    expect(removesAnything({ events: 0 })).toBe(false);
    expect(removesAnything({ events: 0, runs: 1 })).toBe(true);
  });
});
