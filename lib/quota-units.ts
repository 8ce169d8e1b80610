import { DEFAULT_MAX_FILE_BYTES, DEFAULT_QUOTAS } from './quota-defaults';

/**
 * Quotas as people type and read them (issue 11): bytes as a number of MB or GB (binary, as every
 * size in the console is shown), tokens as whole numbers with thousands separators, the cost cap in
 * US dollars. An empty field always means "no limit". A setting that cannot be unlimited (the
 * maximum file size, the warning threshold) is never empty: its field shows the value in effect,
 * the platform default included, and an emptied one is refused with that default named.
 */

export const BYTE_UNITS = { MB: 1024 ** 2, GB: 1024 ** 3 } as const;
export type ByteUnit = keyof typeof BYTE_UNITS;

export type ParsedLimit = { ok: true; value: number | null } | { ok: false; error: string };

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A stored byte limit as a field: in GB when it is at least 1 GB, else in MB; null is empty. */
export function bytesToField(bytes: number | null | undefined): { amount: string; unit: ByteUnit } {
  if (bytes === null || bytes === undefined) return { amount: '', unit: 'GB' };
  const unit: ByteUnit = bytes >= BYTE_UNITS.GB ? 'GB' : 'MB';
  return { amount: grouped.format(Number((bytes / BYTE_UNITS[unit]).toFixed(3))), unit };
}

/** A typed amount of MB or GB as bytes (rounded to the byte); empty is no limit. */
export function parseBytes(text: string, unit: ByteUnit): ParsedLimit {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+(\.\d+)?$/.test(trimmed))
    return { ok: false, error: `Enter a number of ${unit}, such as 5 or 0.5, or leave it empty for no limit.` };
  const value = Math.round(Number(trimmed) * BYTE_UNITS[unit]);
  if (!Number.isSafeInteger(value)) return { ok: false, error: 'That amount is too large.' };
  return { ok: true, value };
}

/** A whole-number limit shown with thousands separators ("2,000,000"); null is empty. */
export function countToField(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : grouped.format(value);
}

/** A typed whole number, separators allowed ("2,000,000"); empty is no limit. */
export function parseCount(text: string): ParsedLimit {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: 'Enter a whole number, such as 100000, or leave it empty for no limit.' };
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) return { ok: false, error: 'That number is too large.' };
  return { ok: true, value };
}

/** A stored cost cap in USD as a field ("1,250.5" → "1,250.50"); null is empty. */
export function usdToField(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: Number.isInteger(value) ? 0 : 2, maximumFractionDigits: 2 }).format(value);
}

/** A typed amount of US dollars, at most 2 decimals ("$1,250.50"); empty is no limit. */
export function parseUsd(text: string): ParsedLimit {
  const trimmed = text
    .trim()
    .replace(/^\$/, '')
    .replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed))
    return {
      ok: false,
      error: 'Enter an amount in US dollars with at most 2 decimals, such as 250 or 99.50, or leave it empty for no limit.',
    };
  return { ok: true, value: Number(trimmed) };
}

/** The warning threshold, 1–100 %; it always has a value (the default is 80 %), so empty is refused. */
export function parsePercent(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const trimmed = text.trim().replace(/%$/, '').trim();
  if (trimmed === '') {
    return { ok: false, error: `Enter a whole percentage from 1 to 100; the default is ${DEFAULT_QUOTAS.softThresholdPercent} %.` };
  }
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 100) {
    return { ok: false, error: 'Enter a whole percentage from 1 to 100.' };
  }
  return { ok: true, value: Number(trimmed) };
}

export const MIN_FILE_BYTES = BYTE_UNITS.MB;
export const MAX_FILE_BYTES = BYTE_UNITS.GB;

/** "50 MB", "1.5 GB": a size for a sentence, in the same units as the fields. */
export function bytesText(bytes: number): string {
  const { amount, unit } = bytesToField(bytes);
  return `${amount} ${unit}`;
}

/** The maximum file size as a field: the saved value, or the platform default as a value. */
export function fileSizeToField(bytes: number | null | undefined): { amount: string; unit: ByteUnit } {
  return bytesToField(bytes ?? DEFAULT_MAX_FILE_BYTES);
}

/** A typed maximum file size, 1 MB to 1 GB. It is never unlimited, so empty is refused. */
export function parseFileSize(text: string, unit: ByteUnit): { ok: true; value: number } | { ok: false; error: string } {
  const range = `from ${bytesText(MIN_FILE_BYTES)} to ${bytesText(MAX_FILE_BYTES)}`;
  if (text.trim() === '') {
    return { ok: false, error: `Enter a maximum file size ${range}; the platform default is ${bytesText(DEFAULT_MAX_FILE_BYTES)}.` };
  }
  const parsed = parseBytes(text, unit);
  if (!parsed.ok) return { ok: false, error: `Enter a number of ${unit}, such as 50 or 0.5, ${range}.` };
  const value = parsed.value!;
  if (value < MIN_FILE_BYTES || value > MAX_FILE_BYTES) return { ok: false, error: `The maximum file size must be ${range}.` };
  return { ok: true, value };
}
