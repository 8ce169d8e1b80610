'use client';

import { useCallback, useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { cn } from '@/components/ui/cn';
import { formatDateTime, formatRelative } from '@/lib/format';
import { STATUS } from './labels';
import type { DocumentStatus } from './types';

/** A relative time ("3 hours ago") with the full date as its tooltip. */
export function When({ at, empty = '—' }: { at: Date | string | null | undefined; empty?: string }) {
  if (!at) return <span className="text-slate-500 dark:text-slate-400">{empty}</span>;
  const date = new Date(at);
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatRelative(date)}
    </time>
  );
}

export function StatusBadge({ status }: { status: DocumentStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/** A thin bar: `label` names it for screen readers ("Uploading report.pdf"). */
export function ProgressBar({
  label,
  value,
  valueText,
  tone = 'indigo',
  className,
}: {
  label: string;
  /** 0–100, or null while the amount is unknown. */
  value: number | null;
  valueText?: string;
  tone?: 'indigo' | 'sky';
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
        className={cn(
          'h-full rounded-full transition-[width] duration-300',
          tone === 'indigo' ? 'bg-indigo-600 dark:bg-indigo-400' : 'bg-sky-500 dark:bg-sky-400',
          clamped === null && 'w-1/3 animate-pulse',
        )}
        style={clamped === null ? undefined : { width: `${clamped}%` }}
      />
    </div>
  );
}

/**
 * A polite live region and the function that speaks through it. Repeating the same sentence
 * still announces it: the text alternates a trailing invisible space.
 */
export function useAnnouncer() {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    setMessage((previous) => (previous === text ? `${text}\u00a0` : text));
  }, []);
  return { message, announce };
}

export function LiveRegion({ message }: { message: string }) {
  return (
    <p aria-live="polite" aria-atomic="true" className="sr-only">
      {message}
    </p>
  );
}

export const linkClass =
  'rounded-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

export const checkboxClass = 'h-4 w-4 shrink-0 rounded border-slate-300 accent-indigo-600 dark:border-slate-600';
