import { cn } from '@/components/ui/cn';
import { formatNumber } from '@/lib/format';

/** "0–10%", …, "90–100%": the ten equal bins the run's distributions count cases in. */
export function binLabel(index: number, bins: number): string {
  const from = Math.round((100 * index) / bins);
  const to = Math.round((100 * (index + 1)) / bins);
  return `${from}–${to}%`;
}

/**
 * How one metric's per-case values spread over 0–100%, as ten small bars. The bars are drawn for
 * the eye; the same counts are the figure's accessible name for screen readers.
 */
export function RunDistribution({ label, bins, className }: { label: string; bins: readonly number[]; className?: string }) {
  const total = bins.reduce((sum, n) => sum + n, 0);
  const max = Math.max(1, ...bins);
  const described = bins
    .map((n, i) => (n > 0 ? `${binLabel(i, bins.length)}: ${formatNumber(n)}` : null))
    .filter(Boolean)
    .join(', ');
  return (
    <figure
      role="img"
      aria-label={
        total === 0
          ? `Distribution of ${label}: no case scored`
          : `Distribution of ${label} over ${formatNumber(total)} cases: ${described}`
      }
      className={cn('w-full', className)}
    >
      <div aria-hidden className="flex h-10 items-end gap-px border-b border-slate-300 dark:border-slate-600">
        {bins.map((n, i) => (
          <div
            key={i}
            title={`${binLabel(i, bins.length)}: ${formatNumber(n)}`}
            className={cn('flex-1 rounded-t-sm', n > 0 ? 'bg-indigo-500 dark:bg-indigo-400' : 'bg-transparent')}
            style={{ height: n > 0 ? `${Math.max(8, (100 * n) / max)}%` : 0 }}
          />
        ))}
      </div>
      <div aria-hidden className="mt-0.5 flex justify-between text-[0.65rem] text-slate-500 dark:text-slate-400">
        <span>0%</span>
        <span>100%</span>
      </div>
    </figure>
  );
}
