import { cn } from './cn';

const TONES = {
  indigo: 'bg-indigo-600 dark:bg-indigo-400',
  sky: 'bg-sky-500 dark:bg-sky-400',
  amber: 'bg-amber-500 dark:bg-amber-400',
  red: 'bg-red-600 dark:bg-red-400',
};

/** A thin bar: `label` names it for screen readers ("Uploading report.pdf"). */
export function ProgressBar({
  label,
  value,
  valueText,
  tone = 'indigo',
  className,
}: {
  label: string;
  /** 0–100, or null while the amount is unknown (the bar pulses). */
  value: number | null;
  valueText?: string;
  tone?: keyof typeof TONES;
  className?: string;
}) {
  const clamped = value === null ? null : Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
      aria-valuetext={valueText}
      className={cn('h-1.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700', className)}
    >
      <div
        className={cn('h-full rounded-full transition-[width] duration-300', TONES[tone], clamped === null && 'w-1/3 animate-pulse')}
        style={clamped === null ? undefined : { width: `${clamped}%` }}
      />
    </div>
  );
}
