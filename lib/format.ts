/** Formatting for people: one place, so every page says dates, sizes and numbers the same way. */

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const integer = new Intl.NumberFormat('en-US');

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return dateTime.format(new Date(value));
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return dateOnly.format(new Date(value));
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 6 days", "just now". */
export function formatRelative(value: Date | string | null | undefined, now: Date = new Date()): string {
  if (!value) return '—';
  const seconds = Math.round((new Date(value).getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return integer.format(value);
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const signedPercent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** A share 0–1 as "87.5%"; `signed` writes differences as "+3.2%" / "−1%". */
export function formatPercent(value: number | null | undefined, { signed = false }: { signed?: boolean } = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return (signed ? signedPercent : percent).format(value).replace('-', '−');
}

/** A duration in milliseconds as "850 ms" or "2.4 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${integer.format(Math.round(ms))} ms` : `${(Math.round(ms / 100) / 10).toLocaleString('en-US')} s`;
}

export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value < 1024) return `${value} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let size = value / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size >= 100 ? Math.round(size) : size.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "$6.00". */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return usd.format(value);
}

const smallUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** Amounts that may be fractions of a cent ("$0.0042"): two significant digits below one cent. */
export function formatCostUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value !== 0 && Math.abs(value) < 0.01 ? smallUsd.format(value) : usd.format(value);
}

/** A moment as it reads in `timeZone` (a workspace's, not the browser's), naming the zone: "3 Dec 2026, 00:00 UTC". */
export function formatDateTimeIn(value: Date | string | null | undefined, timeZone: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value)) + ` ${timeZone}`;
}
