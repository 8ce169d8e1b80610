'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { Select } from '@/components/ui/Select';
import { dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { formatPercent } from '@/lib/format';
import { useMetricCatalogue } from './metric-catalogue';
import { RUN_LIST, runListQueryInput } from './run-list-spec';
import {
  isActiveRun,
  KEY_METRICS,
  progressPercent,
  progressText,
  RUN_STATUS_LABELS,
  RUN_STATUS_OPTIONS,
  RUN_STATUS_TONES,
  runTitle,
} from './run-labels';
import type { Run } from './run-types';
import { CancelRunDialog } from './RunDialogs';
import { RunCreateDialog } from './RunCreateDialog';

const muted = 'text-xs text-slate-500 dark:text-slate-400';
const POLL_MS = 2000;

/** Status, and while the run goes, its progress: the cell keeps its size so polling never shifts the row. */
function StatusCell({ run, className = 'w-40' }: { run: Run; className?: string }) {
  const active = isActiveRun(run.status);
  return (
    <span className={`flex flex-col gap-1 ${className}`}>
      <span>
        <Badge tone={RUN_STATUS_TONES[run.status]}>{RUN_STATUS_LABELS[run.status]}</Badge>
      </span>
      {active ? (
        <>
          <ProgressBar
            label={`Progress of ${runTitle(run)}`}
            value={run.status === 'pending' ? null : progressPercent(run.progress)}
            valueText={progressText(run.progress)}
          />
          <span className={`${muted} tabular-nums`}>{progressText(run.progress)}</span>
        </>
      ) : run.status === 'failed' && run.error ? (
        <span className={`${muted} line-clamp-2`} title={run.error}>
          {run.error}
        </span>
      ) : null}
    </span>
  );
}

/** The four figures people look at first, or "—" until the run has a summary. */
function KeyMetrics({ run }: { run: Run }) {
  const { caseMetrics } = useMetricCatalogue();
  if (!run.summary) return <span className={muted}>{isActiveRun(run.status) ? 'When finished' : 'None'}</span>;
  return (
    <dl className="grid grid-cols-2 gap-x-3 gap-y-0.5 text-xs whitespace-nowrap">
      {KEY_METRICS.map((name) => {
        const value = run.summary?.metrics[name];
        return (
          <div key={name} className="contents">
            <dt className="text-slate-500 dark:text-slate-400">{caseMetrics[name].label}</dt>
            <dd className="text-right font-medium tabular-nums">{formatPercent(value?.mean ?? null)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function EmptyRuns({ slug, onNew }: { slug: string; onNew: () => void }) {
  return (
    <div className="space-y-3 text-left">
      <p className="font-medium text-slate-900 dark:text-slate-100">No run yet</p>
      <p>
        A run asks every question of a dataset the way the chat would, with the workspace’s current model, retrieval settings and documents,
        then scores each answer: were the right documents found, does the answer hold the key facts, do its citations support it. Run again
        after changing a setting and compare the two, case by case.
      </p>
      <p className="flex flex-wrap gap-2">
        <Button onClick={onNew}>New run</Button>
        <Link
          href={`/t/${slug}/evaluations/datasets`}
          className="inline-flex min-h-10 items-center rounded-md px-4 py-2 text-sm font-medium text-indigo-700 hover:bg-slate-100 dark:text-indigo-300 dark:hover:bg-slate-800"
        >
          Go to Datasets
        </Link>
      </p>
    </div>
  );
}

/**
 * The evaluation runs, newest first, paged on the server and filtered by dataset and status.
 * While any shown run is waiting or running, the list refreshes every two seconds.
 */
export function RunsList({ slug, canReadCollections }: { slug: string; canReadCollections: boolean }) {
  const trpc = useTRPC();
  const params = useListParams(RUN_LIST);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<Run | null>(null);
  const list = useQuery({
    ...trpc.evaluations.list.queryOptions(runListQueryInput(params.committed)),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((r) => isActiveRun(r.status)) ? POLL_MS : false),
  });
  const datasets = useQuery(trpc.evalDatasets.list.queryOptions({ page: 1, pageSize: 100 }));
  const filtered = Boolean(params.filters.dataset || params.filters.status);
  const href = (run: Run) => `/t/${slug}/evaluations/runs/${run.id}`;

  const columns: Array<DataColumn<Run, never>> = [
    {
      id: 'run',
      header: 'Run',
      className: 'max-w-56',
      cell: (r) => (
        <span className="flex flex-col gap-1">
          <Link href={href(r)} className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300">
            {runTitle(r)}
          </Link>
          {r.isBaseline ? (
            <span>
              <Badge tone="info">Baseline</Badge>
            </span>
          ) : null}
        </span>
      ),
    },
    { id: 'dataset', header: 'Dataset', className: 'max-w-40 break-words', cell: (r) => r.datasetName },
    { id: 'status', header: 'Status', cell: (r) => <StatusCell run={r} /> },
    { id: 'metrics', header: 'Key metrics', cell: (r) => <KeyMetrics run={r} /> },
    { id: 'by', header: 'Started by', className: 'max-w-36 truncate', cell: (r) => r.createdBy ?? '—' },
    {
      id: 'date',
      header: 'Started',
      className: 'whitespace-nowrap',
      cell: (r) => <When at={r.startedAt ?? r.createdAt} format="dateTime" />,
    },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      cell: (r) =>
        isActiveRun(r.status) ? (
          <Button variant="secondary" className="min-h-8! px-3! py-1! text-xs!" onClick={() => setCancelling(r)}>
            Cancel<span className="sr-only"> {runTitle(r)}</span>
          </Button>
        ) : null,
    },
  ];

  return (
    <div>
      <PageHeader
        title="Evaluation runs"
        description="Each run answers a dataset’s questions with the current settings and scores the answers, so you can see whether a change made them better or worse."
        actions={<Button onClick={() => setCreating(true)}>New run</Button>}
      />

      <div className="mb-4 grid gap-3 sm:grid-cols-2 md:grid-cols-[16rem_12rem]">
        <Field id="runs-dataset" label="Dataset">
          <Select id="runs-dataset" value={params.filters.dataset} onChange={(e) => params.setFilter('dataset', e.target.value)}>
            <option value="">All datasets</option>
            {datasets.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="runs-status" label="Status">
          <Select id="runs-status" value={params.filters.status} onChange={(e) => params.setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {RUN_STATUS_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {RUN_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {list.error ? (
        <Alert className="mb-4" onRetry={() => void list.refetch()}>
          The runs could not be loaded: {errorMessage(list.error)}
        </Alert>
      ) : null}

      <DataList
        caption="Evaluation runs"
        {...dataListState(list, params, 'runs')}
        rowKey={(r) => r.id}
        columns={columns}
        density="compact"
        loadingText="Loading runs…"
        empty={filtered ? 'No run matches these filters.' : <EmptyRuns slug={slug} onNew={() => setCreating(true)} />}
        card={(r) => (
          <div className="space-y-2">
            <span className="flex items-start justify-between gap-2">
              <Link href={href(r)} className="min-w-0 text-sm font-medium break-words text-indigo-700 dark:text-indigo-300">
                {runTitle(r)}
              </Link>
              {r.isBaseline ? <Badge tone="info">Baseline</Badge> : null}
            </span>
            <span className={`block ${muted}`}>
              {r.datasetName} · {r.createdBy ?? 'unknown'} · <When at={r.startedAt ?? r.createdAt} format="dateTime" />
            </span>
            <StatusCell run={r} className="w-full" />
            {r.summary ? <KeyMetrics run={r} /> : null}
            {isActiveRun(r.status) ? (
              <Button variant="secondary" className="min-h-8! px-3! py-1! text-xs!" onClick={() => setCancelling(r)}>
                Cancel<span className="sr-only"> {runTitle(r)}</span>
              </Button>
            ) : null}
          </div>
        )}
      />

      <RunCreateDialog
        slug={slug}
        open={creating}
        onOpenChange={setCreating}
        initialDatasetId={params.filters.dataset}
        canReadCollections={canReadCollections}
      />
      <CancelRunDialog run={cancelling} onClose={() => setCancelling(null)} />
    </div>
  );
}
