import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_BYTES } from './quota-defaults';
import {
  bytesText,
  bytesToField,
  countToField,
  fileSizeToField,
  parseBytes,
  parseCount,
  parseFileSize,
  parsePercent,
  parseUsd,
  usdToField,
} from './quota-units';

describe('quota units', () => {
  it('shows bytes in GB from 1 GB up, else in MB, and reads them back to the same bytes', () => {
    expect(bytesToField(5 * 1024 ** 3)).toEqual({ amount: '5', unit: 'GB' });
    expect(bytesToField(1.5 * 1024 ** 3)).toEqual({ amount: '1.5', unit: 'GB' });
    expect(bytesToField(512 * 1024 ** 2)).toEqual({ amount: '512', unit: 'MB' });
    expect(bytesToField(2048 * 1024 ** 3)).toEqual({ amount: '2,048', unit: 'GB' });
    expect(bytesToField(null)).toEqual({ amount: '', unit: 'GB' });
    for (const bytes of [5 * 1024 ** 3, 512 * 1024 ** 2, 2048 * 1024 ** 3]) {
      const { amount, unit } = bytesToField(bytes);
      expect(parseBytes(amount, unit)).toEqual({ ok: true, value: bytes });
    }
  });

  it('converts typed MB and GB to bytes; empty is no limit; junk is refused with the unit named', () => {
    expect(parseBytes('2', 'GB')).toEqual({ ok: true, value: 2_147_483_648 });
    expect(parseBytes('0.5', 'GB')).toEqual({ ok: true, value: 536_870_912 });
    expect(parseBytes('300', 'MB')).toEqual({ ok: true, value: 314_572_800 });
    expect(parseBytes('  ', 'MB')).toEqual({ ok: true, value: null });
    expect(parseBytes('-1', 'GB')).toMatchObject({ ok: false, error: expect.stringContaining('number of GB') });
    expect(parseBytes('1e9', 'GB')).toMatchObject({ ok: false });
    expect(parseBytes('99999999999', 'GB')).toEqual({ ok: false, error: 'That amount is too large.' });
  });

  it('shows token counts with thousands separators and accepts them typed either way', () => {
    expect(countToField(2_000_000)).toBe('2,000,000');
    expect(countToField(null)).toBe('');
    expect(parseCount('2,000,000')).toEqual({ ok: true, value: 2_000_000 });
    expect(parseCount('150000')).toEqual({ ok: true, value: 150_000 });
    expect(parseCount('')).toEqual({ ok: true, value: null });
    expect(parseCount('1.5')).toMatchObject({ ok: false, error: expect.stringContaining('whole number') });
  });

  it('reads the cost cap in dollars with at most two decimals', () => {
    expect(usdToField(1250.5)).toBe('1,250.50');
    expect(usdToField(100)).toBe('100');
    expect(parseUsd('$1,250.50')).toEqual({ ok: true, value: 1250.5 });
    expect(parseUsd('')).toEqual({ ok: true, value: null });
    expect(parseUsd('1.234')).toMatchObject({ ok: false, error: expect.stringContaining('at most 2 decimals') });
  });

  it('takes the warning threshold as 1–100 %; it always has a value, so empty is refused naming the default', () => {
    expect(parsePercent('90 %')).toEqual({ ok: true, value: 90 });
    expect(parsePercent('')).toEqual({ ok: false, error: 'Enter a whole percentage from 1 to 100; the default is 80 %.' });
    expect(parsePercent('0')).toMatchObject({ ok: false });
    expect(parsePercent('101')).toMatchObject({ ok: false });
  });

  it('shows the maximum file size as the value in effect, the platform default included, in MB or GB', () => {
    expect(fileSizeToField(undefined)).toEqual({ amount: '50', unit: 'MB' });
    expect(fileSizeToField(DEFAULT_MAX_FILE_BYTES)).toEqual(fileSizeToField(undefined));
    expect(fileSizeToField(1024 ** 3)).toEqual({ amount: '1', unit: 'GB' });
    expect(bytesText(DEFAULT_MAX_FILE_BYTES)).toBe('50 MB');
  });

  it('reads the maximum file size from 1 MB to 1 GB; empty is refused with the default named, never "no limit"', () => {
    expect(parseFileSize('20', 'MB')).toEqual({ ok: true, value: 20 * 1024 ** 2 });
    expect(parseFileSize('0.5', 'GB')).toEqual({ ok: true, value: 512 * 1024 ** 2 });
    expect(parseFileSize(' ', 'MB')).toEqual({
      ok: false,
      error: 'Enter a maximum file size from 1 MB to 1 GB; the platform default is 50 MB.',
    });
    expect(parseFileSize('0.5', 'MB')).toEqual({ ok: false, error: 'The maximum file size must be from 1 MB to 1 GB.' });
    expect(parseFileSize('2', 'GB')).toEqual({ ok: false, error: 'The maximum file size must be from 1 MB to 1 GB.' });
    expect(parseFileSize('abc', 'GB')).toEqual({ ok: false, error: 'Enter a number of GB, such as 50 or 0.5, from 1 MB to 1 GB.' });
  });

  it('reads every empty limit as no limit, and every error says so', () => {
    for (const parsed of [parseCount(''), parseBytes('', 'GB'), parseUsd('')]) expect(parsed).toEqual({ ok: true, value: null });
    for (const parsed of [parseCount('x'), parseBytes('x', 'MB'), parseUsd('x')]) {
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/or leave it empty for no limit\.$/);
    }
  });
});
