import { describe, expect, it } from 'vitest';
import { bytesToField, countToField, parseBytes, parseCount, parsePercent, parseUsd, usdToField } from './quota-units';

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

  it('takes the warning threshold as 1–100 %, empty meaning the default 80 %', () => {
    expect(parsePercent('90 %')).toEqual({ ok: true, value: 90 });
    expect(parsePercent('')).toEqual({ ok: true, value: 80 });
    expect(parsePercent('0')).toMatchObject({ ok: false });
    expect(parsePercent('101')).toMatchObject({ ok: false });
  });
});
