import { describe, expect, it } from 'vitest';
import { pagesLabel, pagesText, parsePages } from './pages';

describe('parsePages', () => {
  it('reads numbers and ranges, sorted and without repeats', () => {
    expect(parsePages('3, 5-7')).toEqual({ pages: [3, 5, 6, 7] });
    expect(parsePages(' 7 ,3 5–6 3')).toEqual({ pages: [3, 5, 6, 7] });
  });

  it('treats an empty field as any page', () => {
    expect(parsePages('  ')).toEqual({ pages: null });
  });

  it('names what is wrong', () => {
    expect(parsePages('3, abc')).toEqual({ error: '“abc” is not a page; write numbers and ranges like 3, 5-7.' });
    expect(parsePages('0')).toEqual({ error: 'Pages start at 1.' });
    expect(parsePages('7-5')).toEqual({ error: 'The range 7-5 runs backwards; write it as 5-7.' });
    expect(parsePages('1-500')).toEqual({ error: 'The range 1-500 is too long; at most 200 pages per document.' });
    expect(parsePages('100001')).toEqual({ error: 'Page 100001 is too large.' });
  });
});

describe('pagesText and pagesLabel', () => {
  it('fold consecutive pages into ranges', () => {
    expect(pagesText([7, 3, 5, 6])).toBe('3, 5-7');
    expect(pagesLabel([3, 5, 6, 7])).toBe('p. 3, 5–7');
    expect(pagesLabel([4])).toBe('p. 4');
  });

  it('say nothing when any page counts', () => {
    expect(pagesText(null)).toBe('');
    expect(pagesLabel([])).toBe('');
  });

  it('round-trip through parsePages', () => {
    expect(parsePages(pagesText([1, 2, 3, 9, 11, 12]))).toEqual({ pages: [1, 2, 3, 9, 11, 12] });
  });
});
