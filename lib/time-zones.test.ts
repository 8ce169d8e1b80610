import { describe, expect, it } from 'vitest';
import { isTimeZone, timeIn, timeZoneNames } from './time-zones';

describe('time zones', () => {
  it('accepts IANA names and UTC, and refuses offsets, POSIX rules and made-up places', () => {
    for (const zone of ['UTC', 'Europe/Lisbon', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'])
      expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['', '+05:00', 'EST5EDT', 'Europe/Atlantis', 'utc; drop table', 'Lisbon']) expect(isTimeZone(zone)).toBe(false);
  });

  it('lists UTC first, once', () => {
    const names = timeZoneNames();
    expect(names[0]).toBe('UTC');
    expect(names.filter((n) => n === 'UTC')).toHaveLength(1);
    expect(names).toContain('Asia/Tokyo');
  });

  it('shows the time now in a zone', () => {
    const at = new Date('2025-01-16T04:30:00Z');
    expect(timeIn('America/New_York', at)).toBe('Wed 23:30');
    expect(timeIn('Asia/Tokyo', at)).toBe('Thu 13:30');
    expect(timeIn('Nowhere/Else', at)).toBeNull();
  });
});
