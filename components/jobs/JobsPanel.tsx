'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { When } from '@/components/ui/When';
import { PageHeader } from '@/components/ui/PageHeader';
import { useListParams } from '@/components/ui/use-list-params';
import { JOB_LIST, jobListInput } from '@/lib/list-specs';
import { Select } from '@/components/ui/Select';
import { useReturnFocus } from '@/components/ui/hooks';
import { CancelJobDialog } from './CancelJobDialog';
import { JobsList } from './JobsList';
import { JobSummary } from './JobSummary';
import { JOB_STATUS, STATUS_ORDER } from './labels';
import { RetryFailedDialog } from './RetryFailedDialog';
import type { JobRow } from './types';
import { useNow } from './useNow';
import { Alert } from '@/components/ui/Alert';

const REFRESH_MS = 3_000;

/**
 * The processing queue, live: counts by status, the jobs, Retry and Cancel per job and, for
 * admins, Retry all failed. Admins see every job; people who upload see their own documents'.
 */
export function JobsPanel({ slug, canAct, isAdmin }: { slug: string; canAct: boolean; isAdmin: boolean }) {
  const trpc = useTRPC();
  const id = useId();
  const [paused, setPaused] = useState(false);
  const params = useListParams(JOB_LIST);
  const status = params.filters.status;
  const [retrying, setRetrying] = useState(false);
  const [cancelling, setCancelling] = useState<JobRow | null>(null);
  const returnFocus = useReturnFocus(retrying || cancelling !== null);
  const filterRef = useRef<HTMLSelectElement>(null);
  const now = useNow(5_000);

  // TanStack Query pauses interval refetches while the page is hidden (refetchIntervalInBackground is off).
  const live = { refetchInterval: paused ? false : REFRESH_MS } as const;
  const summary = useQuery({ ...trpc.jobs.summary.queryOptions(), ...live });
  const list = useQuery({
    ...trpc.jobs.list.queryOptions(jobListInput(params.committed)),
    ...live,
    placeholderData: keepPreviousData,
  });

  // The older of the two, so the note never claims more freshness than the page has.
  const stamps = [summary.dataUpdatedAt, list.dataUpdatedAt].filter((t) => t > 0);
  const updatedAt = stamps.length === 2 ? new Date(Math.min(...stamps)) : null;
  const refreshError = summary.error ?? list.error;
  const filtered = status !== '';

  return (
    <div className="space-y-6">
      <PageHeader
        title="Processing queue"
        description={
          isAdmin
            ? 'Background work on this workspace’s documents: reading, text recognition, embedding, and retries after a failure.'
            : 'The processing of the documents you uploaded: reading, text recognition, embedding, and retries after a failure.'
        }
        actions={
          isAdmin ? (
            <Button
              variant="secondary"
              onClick={(e) => {
                returnFocus(e.currentTarget);
                setRetrying(true);
              }}
            >
              Retry all failed
            </Button>
          ) : null
        }
      />

      <div className="-mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-600 dark:text-slate-400">
        <p>
          {updatedAt ? (
            <>
              Updated <When at={updatedAt} now={now} />
            </>
          ) : (
            'Loading…'
          )}
          {' · '}
          {paused ? 'Automatic refresh is paused.' : 'Refreshes every 3 seconds while this page is visible.'}
        </p>
        <Button variant="secondary" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
          {paused ? 'Resume updates' : 'Pause updates'}
        </Button>
      </div>

      {refreshError ? (
        <Alert
          onRetry={() => {
            void summary.refetch();
            void list.refetch();
          }}
        >
          {updatedAt ? 'Could not refresh the queue' : 'Could not load the queue'}: {errorMessage(refreshError)}
        </Alert>
      ) : null}

      <JobSummary data={summary.data} pending={summary.isPending} now={now} />

      <section aria-labelledby={`${id}-jobs`} className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id={`${id}-jobs`} className="text-lg font-semibold">
            Jobs
          </h2>
          <div className="w-full sm:w-56">
            <Field id={`${id}-status`} label="Status">
              <Select ref={filterRef} id={`${id}-status`} value={status} onChange={(e) => params.setFilter('status', e.target.value)}>
                <option value="">All statuses</option>
                {STATUS_ORDER.map((s) => (
                  <option key={s} value={s}>
                    {JOB_STATUS[s].label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </div>
        <JobsList
          slug={slug}
          items={list.data?.items}
          pending={list.isPending}
          busy={list.isPending || params.navigating}
          failed={list.isError}
          stale={list.isPlaceholderData || params.navigating}
          filtered={filtered}
          canAct={canAct}
          now={now}
          pagination={
            list.data
              ? { page: list.data.page, pageSize: list.data.pageSize, total: list.data.total, onPage: params.setPage, label: 'jobs' }
              : null
          }
          onCancel={(job, opener) => {
            returnFocus(opener);
            setCancelling(job);
          }}
          onRetried={() => filterRef.current?.focus()}
        />
      </section>

      <RetryFailedDialog open={retrying} onClose={() => setRetrying(false)} />
      <CancelJobDialog
        job={cancelling}
        onClose={(cancelled) => {
          // The Cancel button is gone once the job is cancelled: continue from the status filter.
          if (cancelled) returnFocus(filterRef.current);
          setCancelling(null);
        }}
      />
    </div>
  );
}
