import { describe, expect, it } from 'vitest';
import { formatWait } from './limits';

describe('formatWait', () => {
  it('says a wait in minutes, hours and minutes, or days and hours', () => {
    expect(formatWait(20)).toBe('1 min');
    expect(formatWait(12 * 60)).toBe('12 min');
    expect(formatWait(3 * 3600 + 12 * 60)).toBe('3 h 12 min');
    expect(formatWait(5 * 3600)).toBe('5 h');
    expect(formatWait(2 * 86_400 + 4 * 3600)).toBe('2 d 4 h');
  });
});
