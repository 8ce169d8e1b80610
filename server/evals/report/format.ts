/**
 * Formatting for the stored reports: fixed, locale-independent output (a report reads the same
 * wherever and whenever it is opened), dates in ISO form and UTC.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Every character that means something in HTML text or a quoted attribute, as an entity. */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A 0–1 share as a percentage with one decimal ("83.3%"); "—" where it does not apply. */
export function formatShare(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '—';
}

/** A difference of two shares in percentage points, signed ("+12.5 pp"). */
export function formatPoints(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const points = value * 100;
  const text = Math.abs(points).toFixed(1);
  if (text === '0.0') return '0.0 pp';
  return `${points > 0 ? '+' : '−'}${text} pp`;
}

/** "850 ms", "1.2 s", "2 min 14 s". */
export function formatMs(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(1)} s`;
  const seconds = Math.round(value / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** "$0.0042": four decimals, as one case of a small model costs fractions of a cent. */
export function formatCost(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `$${value.toFixed(4)}` : '—';
}

export function formatInteger(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? integer.format(value) : '—';
}

/** "2026-11-30 09:00:05 UTC". */
export function formatUtc(value: Date | null | undefined): string {
  if (!value) return '—';
  return `${value.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
