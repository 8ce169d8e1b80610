import { cn } from '@/components/ui/cn';
import { When } from '@/components/ui/When';
import { formatNumber } from '@/lib/format';
import { JOB_STATUS, STATUS_ORDER } from './labels';
import type { JobStatus, JobSummaryData } from './types';

const ACCENT: Record<JobStatus, string> = {
  pending: 'border-l-slate-400 dark:border-l-slate-500',
  processing: 'border-l-indigo-500 dark:border-l-indigo-400',
  retrying: 'border-l-amber-500 dark:border-l-amber-400',
  failed: 'border-l-red-500 dark:border-l-red-400',
  completed: 'border-l-emerald-500 dark:border-l-emerald-400',
  cancelled: 'border-l-slate-300 dark:border-l-slate-600',
};

/** Jobs by status, and how long the oldest waiting job has waited. */
export function JobSummary({ data, pending, now }: { data: JobSummaryData | undefined; pending: boolean; now: Date }) {
  return (
    <section aria-label="Queue summary" className="space-y-3">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {STATUS_ORDER.map((status) => {
          const n = data?.counts[status];
          return (
            <div
              key={status}
              className={cn(
                'rounded-lg border border-l-4 border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900',
                ACCENT[status],
              )}
            >
              <dt className="text-sm text-slate-600 dark:text-slate-400">{JOB_STATUS[status].label}</dt>
              <dd
                className={cn(
                  'mt-1 text-2xl font-semibold tabular-nums',
                  status === 'failed' && n ? 'text-red-700 dark:text-red-400' : undefined,
                )}
              >
                {pending ? <span className="text-slate-400 dark:text-slate-500">…</span> : formatNumber(n ?? 0)}
              </dd>
            </div>
          );
        })}
      </dl>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {pending || !data ? (
          '\u00a0'
        ) : data.oldestWaitingSince ? (
          <>
            Oldest waiting job: <When at={data.oldestWaitingSince} now={now} className="font-medium" />
          </>
        ) : (
          'Nothing waiting'
        )}
      </p>
    </section>
  );
}
