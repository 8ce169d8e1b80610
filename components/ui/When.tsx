import { formatDate, formatDateTime, formatRelative } from '@/lib/format';

/**
 * A moment for people: relative ("3 hours ago") or a date, with the full date and time as its
 * tooltip and machine-readable in <time>. `now` lets a live page re-render relative times on a tick.
 */
export function When({
  at,
  now,
  empty = '—',
  format = 'relative',
  className,
}: {
  at: Date | string | null | undefined;
  now?: Date;
  empty?: string;
  format?: 'relative' | 'date' | 'dateTime';
  className?: string;
}) {
  if (!at) return <span className="text-slate-500 dark:text-slate-400">{empty}</span>;
  const date = new Date(at);
  const text = format === 'date' ? formatDate(date) : format === 'dateTime' ? formatDateTime(date) : formatRelative(date, now);
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)} className={className}>
      {text}
    </time>
  );
}
