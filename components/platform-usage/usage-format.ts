/** "12.5" → "$12.50"; amounts below a cent keep their digits ("$0.0042"), so small costs never read as $0. */
export function formatUsd(value: string): string {
  const n = Number(value);
  if (n === 0) return '$0.00';
  const digits = n < 0.01 ? Math.min(6, (value.split('.')[1] ?? '').length) : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** +12.5 % / −3 % / "New" when there was nothing to compare with. */
export function formatGrowth(percent: number | null): string {
  if (percent === null) return '—';
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '';
  return `${sign}${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(Math.abs(percent))} %`;
}
