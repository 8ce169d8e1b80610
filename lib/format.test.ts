import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCostUsd,
  formatDateTimeIn,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatUsd,
} from './format';

describe('format', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GB');
    expect(formatBytes(null)).toBe('—');
  });

  it('formats numbers with separators and relative times in words', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    const now = new Date('2026-11-21T12:00:00Z');
    expect(formatRelative(new Date('2026-11-21T09:00:00Z'), now)).toBe('3 hours ago');
    expect(formatRelative(new Date('2026-11-28T12:00:00Z'), now)).toBe('next week');
    expect(formatRelative(new Date('2026-11-21T11:59:50Z'), now)).toBe('just now');
  });

  it('formats money in dollars and moments in a workspace’s own time zone, naming it', () => {
    expect(formatUsd(6)).toBe('$6.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatDateTimeIn('2026-12-02T18:30:00Z', 'Asia/Kolkata')).toBe('3 Dec 2026, 00:00 Asia/Kolkata');
    expect(formatDateTimeIn('2026-12-03T00:00:00Z', 'UTC')).toBe('3 Dec 2026, 00:00 UTC');
    expect(formatDateTimeIn(null, 'UTC')).toBe('—');
  });

  it('formats shares as percentages (differences signed, with a true minus), durations and fractions of a cent', () => {
    expect(formatPercent(0.875)).toBe('87.5%');
    expect(formatPercent(2 / 3)).toBe('66.7%');
    expect(formatPercent(0.032, { signed: true })).toBe('+3.2%');
    expect(formatPercent(-0.167, { signed: true })).toBe('−16.7%');
    expect(formatPercent(0, { signed: true })).toBe('0%');
    expect(formatPercent(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2430)).toBe('2.4 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatCostUsd(0.00423)).toBe('$0.0042');
    expect(formatCostUsd(0)).toBe('$0.00');
    expect(formatCostUsd(1.5)).toBe('$1.50');
  });
});
