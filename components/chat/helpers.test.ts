import { describe, expect, it } from 'vitest';
import { answerForClipboard, budgetNotice, citationHref } from './helpers';

describe('budgetNotice', () => {
  it('says how much of the daily tokens is left and when they reset', () => {
    const now = new Date('2026-03-01T20:48:00Z');
    const notice = budgetNotice({ tokensLeft: 1200, limit: 50_000, resetsAt: '2026-03-02T00:00:00Z' }, now);
    expect(notice).toMatch(/^1,200 of your 50,000 daily tokens are left; they reset at .+ \(in 3 h 12 min\)\.$/);
  });
});

describe('answerForClipboard', () => {
  it('keeps the text without citation markers and lists the sources', () => {
    const text = answerForClipboard('The office opens at **nine** [1]. It closes at five [2].', [
      { n: 1, filename: 'hours.pdf', page: 3 },
      { n: 2, filename: 'notes.txt', page: null },
    ]);
    expect(text).toBe('The office opens at **nine**. It closes at five.\n\nSources:\n[1] hours.pdf, page 3\n[2] notes.txt');
  });

  it('gives the text alone when nothing is cited', () => {
    expect(answerForClipboard('Nothing found.', [])).toBe('Nothing found.');
  });
});

describe('citationHref', () => {
  it('links the document at the page and chunk, with the quoted sentence when its offsets are known', () => {
    const base = { documentId: '00000000-0000-4000-8000-000000000001', chunkId: '00000000-0000-4000-8000-000000000002', page: 3 };
    expect(citationHref('acme', { ...base, charStart: 10, charEnd: 42 })).toBe(
      `/t/acme/documents/${base.documentId}?page=3&chunk=${base.chunkId}&from=10&to=42`,
    );
    expect(citationHref('acme', { ...base, page: null })).toBe(`/t/acme/documents/${base.documentId}?chunk=${base.chunkId}`);
  });
});
