'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { ComponentProps, ReactNode } from 'react';
import { toast } from 'sonner';
import { attemptsText, outcomeText } from '@/components/documents/failure';
import { useTRPC } from '@/components/providers/trpc';
import { errorMessage } from '@/components/ui/errors';
import { Badge } from '@/components/ui/Badge';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { When } from '@/components/ui/When';
import { DataList, type DataColumn } from '@/components/ui/DataList';
import { canCancelJob, JOB_STATUS, JOB_TYPE_LABELS, jobName } from './labels';
import type { JobRow } from './types';

const cancelButton =
  'inline-flex min-h-9 items-center justify-center rounded-md border border-red-200 bg-white px-3 text-sm font-medium whitespace-nowrap text-red-700 transition-colors hover:bg-red-50 dark:border-red-900 dark:bg-slate-900 dark:text-red-400 dark:hover:bg-red-950';

const retryButton =
  'inline-flex min-h-9 items-center justify-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium whitespace-nowrap text-slate-900 transition-colors hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800';

const muted = 'text-slate-500 dark:text-slate-400';

type Props = {
  slug: string;
  items: JobRow[] | undefined;
  pending: boolean;
  busy: boolean;
  failed: boolean;
  stale: boolean;
  filtered: boolean;
  /** Retry and Cancel per job (documents:write); the list holds only jobs the member may steer. */
  canAct: boolean;
  now: Date;
  onCancel: (job: JobRow, opener: HTMLElement) => void;
  /** After a Retry the job's button is gone: where focus goes. */
  onRetried: () => void;
  pagination: ComponentProps<typeof DataList>['pagination'];
};

/** The jobs as a table on wider screens and as cards on phones. */
export function JobsList(props: Props) {
  const { items, pending, busy, failed, stale, filtered } = props;
  const empty =
    failed && !items?.length
      ? 'The jobs could not be loaded.'
      : filtered
        ? 'No jobs with this status.'
        : 'No jobs yet. Uploading a document queues its processing here.';

  const columns: Array<DataColumn<JobRow, never>> = [
    {
      id: 'job',
      header: 'Job',
      className: 'min-w-44',
      cell: (job) => (
        <>
          <div className="font-medium">{JOB_TYPE_LABELS[job.jobType]}</div>
          <DocumentLink job={job} slug={props.slug} />
        </>
      ),
    },
    { id: 'status', header: 'Status', className: 'min-w-36', cell: (job) => <StatusCell job={job} /> },
    {
      id: 'attempts',
      header: 'Attempts',
      headerClassName: 'text-right',
      className: 'text-right whitespace-nowrap tabular-nums',
      cell: (job) => <Attempts job={job} />,
    },
    { id: 'error', header: 'Error', className: 'max-w-xs', cell: (job) => <ErrorText job={job} /> },
    {
      id: 'when',
      header: 'When',
      className: 'whitespace-nowrap',
      cell: (job) => (
        <dl className="grid grid-cols-[auto_auto] justify-start gap-x-2 text-sm">
          <Timeline job={job} now={props.now} />
        </dl>
      ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'text-right',
      cell: (job) => <JobActions job={job} {...props} />,
    },
  ];

  return (
    <DataList
      caption="Processing jobs, newest first"
      items={items}
      rowKey={(job) => job.id}
      columns={columns}
      pending={pending}
      busy={busy}
      stale={stale}
      loadingText="Loading jobs…"
      empty={empty}
      pagination={props.pagination}
      card={(job) => (
        <>
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <h3 className="font-medium">{JOB_TYPE_LABELS[job.jobType]}</h3>
              <DocumentLink job={job} slug={props.slug} />
            </div>
            <Badge tone={JOB_STATUS[job.status].tone}>{JOB_STATUS[job.status].label}</Badge>
          </div>
          {job.status === 'processing' ? (
            <div className="mt-3">
              <Progress job={job} />
            </div>
          ) : null}
          {job.errorMessage ? (
            <div className="mt-3">
              <ErrorText job={job} />
            </div>
          ) : null}
          <Outcome job={job} />
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            <CardItem label="Attempts">
              <Attempts job={job} />
            </CardItem>
            <Timeline job={job} now={props.now} card />
          </dl>
          {props.canAct && (canCancelJob(job.status) || job.retryable) ? (
            <div className="mt-3 border-t border-slate-100 pt-3 dark:border-slate-800">
              <JobActions job={job} {...props} />
            </div>
          ) : null}
        </>
      )}
    />
  );
}

function CardItem({ label, children, card = true }: { label: string; children: ReactNode; card?: boolean }) {
  return (
    <>
      <dt className={muted}>{label}</dt>
      <dd className={card ? 'text-right' : undefined}>{children}</dd>
    </>
  );
}

/** Created, then when it runs next (while waiting) or when it finished. */
function Timeline({ job, now, card = false }: { job: JobRow; now: Date; card?: boolean }) {
  const waitsUntilLater = (job.status === 'retrying' || job.status === 'pending') && job.runAfter.getTime() > now.getTime();
  return (
    <>
      <CardItem label="Created" card={card}>
        <When at={job.createdAt} now={now} />
      </CardItem>
      {job.status === 'retrying' || waitsUntilLater ? (
        <CardItem label="Next run" card={card}>
          <NextRun job={job} now={now} />
        </CardItem>
      ) : null}
      {job.completedAt ? (
        <CardItem label={job.status === 'failed' ? 'Failed' : job.status === 'cancelled' ? 'Cancelled' : 'Completed'} card={card}>
          <When at={job.completedAt} now={now} />
        </CardItem>
      ) : null}
    </>
  );
}

function DocumentLink({ job, slug }: { job: JobRow; slug: string }) {
  if (job.documentId && job.filename) {
    return (
      <Link
        href={`/t/${slug}/documents/${job.documentId}`}
        className="text-sm [overflow-wrap:anywhere] text-indigo-700 hover:underline dark:text-indigo-300"
      >
        {job.filename}
      </Link>
    );
  }
  return <div className={`text-sm ${muted}`}>{job.documentId ? 'A document you cannot see' : 'No document'}</div>;
}

function StatusCell({ job }: { job: JobRow }) {
  return (
    <div className="space-y-2">
      <Badge tone={JOB_STATUS[job.status].tone}>{JOB_STATUS[job.status].label}</Badge>
      {job.status === 'processing' ? <Progress job={job} /> : null}
      <Outcome job={job} />
    </div>
  );
}

function Progress({ job }: { job: JobRow }) {
  const { stage, percent, message } = job.progress;
  const value = percent === undefined ? null : Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="space-y-1">
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="text-slate-700 capitalize dark:text-slate-300">{stage ?? 'Starting'}</span>
        {value === null ? null : <span className="tabular-nums text-slate-600 dark:text-slate-400">{value}%</span>}
      </div>
      <ProgressBar
        label={`Progress of ${jobName(job)}`}
        value={value}
        valueText={[stage, value === null ? null : `${value}%`].filter(Boolean).join(', ') || 'Starting'}
        className="min-w-24"
      />
      {message ? <p className={`text-xs ${muted}`}>{message}</p> : null}
    </div>
  );
}

function Attempts({ job }: { job: JobRow }) {
  return (
    <span>
      <span className="sr-only">Attempts made: </span>
      {attemptsText({ attempts: job.attempts, maxAttempts: job.maxRetries + 1 })}
    </span>
  );
}

/** Whether a finished or waiting job will run again by itself: "Failed after 4 attempts; it will not be retried automatically." */
function Outcome({ job }: { job: JobRow }) {
  const text = outcomeText({ status: job.status, attempts: job.attempts, maxAttempts: job.maxRetries + 1 }, { short: true });
  return text ? <p className={`mt-1 max-w-56 text-xs ${muted}`}>{text}</p> : null;
}

function ErrorText({ job }: { job: JobRow }) {
  if (!job.errorMessage) return <span className={muted}>—</span>;
  const serious = job.status === 'failed' || job.status === 'retrying';
  return (
    <p
      className={`line-clamp-3 min-w-40 text-sm [overflow-wrap:anywhere] ${serious ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400'}`}
      title={job.errorMessage}
    >
      {job.errorMessage}
    </p>
  );
}

/** When a waiting job will next be tried: only meaningful while it waits. */
function NextRun({ job, now }: { job: JobRow; now: Date }) {
  if (job.status !== 'retrying' && job.status !== 'pending') return <span className={muted}>—</span>;
  if (job.runAfter.getTime() <= now.getTime()) {
    return job.status === 'retrying' ? (
      <span className="text-slate-700 dark:text-slate-300">Due now</span>
    ) : (
      <span className={muted}>—</span>
    );
  }
  return <When at={job.runAfter} now={now} />;
}

function JobActions({ job, canAct, onCancel, onRetried }: { job: JobRow } & Pick<Props, 'canAct' | 'onCancel' | 'onRetried'>) {
  if (!canAct) return null;
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {job.retryable ? <RetryButton job={job} onRetried={onRetried} /> : null}
      {canCancelJob(job.status) ? (
        <button
          type="button"
          className={cancelButton}
          aria-label={`Cancel ${jobName(job)}`}
          onClick={(e) => onCancel(job, e.currentTarget)}
        >
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/** Processes the job's document again (a new job, the same as Retry on the document). */
function RetryButton({ job, onRetried }: { job: JobRow; onRetried: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const retry = useMutation(
    trpc.jobs.retry.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.jobs.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.documents.pathKey() });
        toast.success(`Queued again: ${jobName(job)}.`);
        onRetried();
      },
      onError: (error) => toast.error(`Not retried: ${errorMessage(error)}`),
    }),
  );
  return (
    <button
      type="button"
      className={retryButton}
      aria-label={`Retry ${jobName(job)}`}
      disabled={retry.isPending}
      onClick={() => retry.mutate({ id: job.id })}
    >
      {retry.isPending ? 'Retrying…' : 'Retry'}
    </button>
  );
}
