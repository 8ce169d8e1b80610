import { describe, expect, it } from 'vitest';
import { budgetNotice } from './helpers';

describe('budgetNotice', () => {
  it('says how much of the daily tokens is left and when they reset', () => {
    const now = new Date('2026-03-01T20:48:00Z');
    const notice = budgetNotice({ tokensLeft: 1200, limit: 50_000, resetsAt: '2026-03-02T00:00:00Z' }, now);
    expect(notice).toMatch(/^1,200 of your 50,000 daily tokens are left; they reset at .+ \(in 3 h 12 min\)\.$/);
  });
});
