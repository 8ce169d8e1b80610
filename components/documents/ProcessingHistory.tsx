import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/Badge';
import { formatDateTime } from '@/lib/format';
import { attemptsText, outcomeText } from './failure';
import { ATTEMPT_STATUS, JOB_STATUS, JOB_TYPE_LABELS, formatDuration, stageLabel } from './labels';
import { When } from '@/components/ui/When';
import type { DocumentJob, JobAttempt } from './types';

/** Every job run for the document, newest first, each with its attempts as a small timeline. */
export function ProcessingHistory({ jobs, headingId }: { jobs: DocumentJob[]; headingId: string }) {
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold">
        Processing history
      </h2>
      {jobs.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          No processing jobs yet.
        </p>
      ) : (
        <ol className="space-y-3">
          {jobs.map((job) => (
            <JobItem key={job.id} job={job} />
          ))}
        </ol>
      )}
    </section>
  );
}

function JobItem({ job }: { job: DocumentJob }) {
  const status = JOB_STATUS[job.status];
  const waiting = job.status === 'pending' || job.status === 'retrying';
  const facts = { status: job.status, attempts: job.attempts.length, maxAttempts: job.maxRetries + 1 };
  const outcome = outcomeText(facts);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{JOB_TYPE_LABELS[job.jobType]}</h3>
        <Badge tone={status.tone}>{status.label}</Badge>
        {job.status === 'processing' && job.progress.stage ? (
          <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
            {stageLabel(job.progress.stage)}
            {job.progress.percent !== undefined ? ` ${Math.round(job.progress.percent)}%` : ''}
          </span>
        ) : null}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <Pair label="Created">
          <When at={job.createdAt} />
        </Pair>
        <Pair label="Started">
          <When at={job.startedAt} empty="Not yet" />
        </Pair>
        <Pair label={job.status === 'failed' ? 'Failed' : job.status === 'cancelled' ? 'Cancelled' : 'Completed'}>
          <When at={job.completedAt} empty={job.status === 'failed' || job.status === 'cancelled' ? '—' : 'Not yet'} />
        </Pair>
        <Pair label="Attempts">
          <span className="tabular-nums">{attemptsText(facts)}</span>
        </Pair>
        {waiting ? (
          <Pair label={job.status === 'retrying' ? 'Next try' : 'Runs after'}>
            <When at={job.runAfter} />
          </Pair>
        ) : null}
      </dl>
      {outcome ? <p className="mt-2 text-sm font-medium text-slate-800 dark:text-slate-200">{outcome}</p> : null}
      {job.errorMessage ? (
        <p className="mt-2 rounded-md bg-red-50 p-2 text-sm break-words text-red-800 dark:bg-red-950 dark:text-red-200">
          {job.errorMessage}
        </p>
      ) : null}
      {job.attempts.length > 0 ? (
        <div className="mt-3">
          <h4 className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Attempts</h4>
          <ol className="mt-2 space-y-2 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
            {job.attempts.map((attempt) => (
              <AttemptItem key={attempt.n} attempt={attempt} />
            ))}
          </ol>
        </div>
      ) : null}
    </li>
  );
}

function Pair({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AttemptItem({ attempt }: { attempt: JobAttempt }) {
  const status = ATTEMPT_STATUS[attempt.status] ?? { label: attempt.status, tone: 'neutral' as const };
  const duration = attempt.finishedAt ? new Date(attempt.finishedAt).getTime() - new Date(attempt.startedAt).getTime() : null;
  return (
    <li className="relative text-sm">
      <span aria-hidden className="absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full bg-slate-400 dark:bg-slate-500" />
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium">Attempt {attempt.n}</span>
        <Badge tone={status.tone}>{status.label}</Badge>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          on <span className="font-mono break-all">{attempt.workerId}</span>
        </span>
      </div>
      <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
        Started {formatDateTime(attempt.startedAt)}
        {attempt.finishedAt ? `, finished ${formatDateTime(attempt.finishedAt)}` : ', still running'}
        {duration !== null ? ` (${formatDuration(duration)})` : ''}
      </p>
      {attempt.error ? <p className="mt-1 text-xs break-words text-red-700 dark:text-red-300">{attempt.error}</p> : null}
    </li>
  );
}
