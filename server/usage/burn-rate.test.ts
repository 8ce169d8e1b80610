import { describe, expect, it } from 'vitest';
import { burnRateOf } from './burn-rate';

const dayStart = new Date('2026-03-04T00:00:00Z');
const dayEnd = new Date('2026-03-05T00:00:00Z');
const at = (time: string) => new Date(`2026-03-04T${time}:00Z`);

describe('burnRateOf', () => {
  it('projects the time the daily limit is reached at the rate since midnight', () => {
    // 2,000 tokens in 8 hours = 250/h; 1,000 more take 4 hours.
    expect(burnRateOf({ tokensToday: 2000, max: 3000, now: at('08:00'), dayStart, dayEnd })).toEqual({
      tokensToday: 2000,
      max: 3000,
      verdict: 'today',
      at: at('12:00'),
    });
  });

  it('says "not today" when the limit lies past midnight or nothing was used yet', () => {
    expect(burnRateOf({ tokensToday: 100, max: 10_000, now: at('12:00'), dayStart, dayEnd }).verdict).toBe('not-today');
    expect(burnRateOf({ tokensToday: 0, max: 10_000, now: at('12:00'), dayStart, dayEnd }).verdict).toBe('not-today');
  });

  it('says "reached" at or past the limit, and "none" without a limit', () => {
    expect(burnRateOf({ tokensToday: 3000, max: 3000, now: at('08:00'), dayStart, dayEnd })).toMatchObject({
      verdict: 'reached',
      at: null,
    });
    expect(burnRateOf({ tokensToday: 3000, max: null, now: at('08:00'), dayStart, dayEnd })).toMatchObject({ verdict: 'none', at: null });
  });
});
