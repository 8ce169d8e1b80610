'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage } from '@/components/ui/errors';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { When } from '@/components/ui/When';
import { formatNumber } from '@/lib/format';
import { isActiveRun, progressPercent, progressText, RUN_STATUS_LABELS, RUN_STATUS_TONES, runTitle } from './run-labels';
import type { RunDetail as Detail } from './run-types';
import { RunCases } from './RunCases';
import { ApproveRunDialog, CancelRunDialog, DeleteRunDialog } from './RunDialogs';
import { RunExports } from './RunExports';
import { RunFailures } from './RunFailures';
import { RunSnapshot } from './RunSnapshot';
import { RunCounts, RunSummary } from './RunSummary';

const POLL_MS = 2000;
const muted = 'text-sm text-slate-600 dark:text-slate-400';
const linkClass = 'font-medium text-indigo-700 hover:underline dark:text-indigo-300';

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <div>
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {description ? <p className={muted}>{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

/** "Compare with baseline": a link, or a disabled button that says why there is nothing to compare with. */
function CompareAction({ run, slug }: { run: Detail; slug: string }) {
  const reason = run.isBaseline
    ? 'This run is the baseline.'
    : !run.baselineId
      ? 'No baseline yet: approve a run of this dataset first.'
      : run.status !== 'completed' && run.status !== 'cancelled'
        ? 'The run has to finish first.'
        : null;
  if (reason) {
    return (
      <span className="flex flex-col gap-0.5">
        <Button variant="secondary" disabled aria-describedby="compare-reason">
          Compare with baseline
        </Button>
        <span id="compare-reason" className="text-xs text-slate-500 dark:text-slate-400">
          {reason}
        </span>
      </span>
    );
  }
  return (
    <Link
      href={`/t/${slug}/evaluations/compare?baseline=${run.baselineId}&candidate=${run.id}`}
      className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
    >
      Compare with baseline
    </Link>
  );
}

/** The run's header: its name, dataset (and whether that changed since), status and times. */
function RunHeader({ run, slug }: { run: Detail; slug: string }) {
  const version = run.snapshot?.datasetVersion ?? null;
  const changed = version !== null && version !== run.datasetVersion;
  return (
    <header className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{runTitle(run)}</h1>
        <Badge tone={RUN_STATUS_TONES[run.status]}>{RUN_STATUS_LABELS[run.status]}</Badge>
        {run.isBaseline ? <Badge tone="info">Baseline</Badge> : null}
      </div>
      <p className={muted}>
        Dataset{' '}
        <Link href={`/t/${slug}/evaluations/datasets/${run.datasetId}`} className={linkClass}>
          {run.datasetName}
        </Link>
        {version !== null ? ` v${formatNumber(version)}` : ''} · started by {run.snapshot?.startedBy.name ?? run.createdBy ?? 'unknown'}{' '}
        <When at={run.startedAt ?? run.createdAt} format="dateTime" />
        {run.finishedAt ? (
          <>
            {' '}
            · finished <When at={run.finishedAt} format="dateTime" />
          </>
        ) : null}
        {run.approvedAt ? (
          <>
            {' '}
            · approved <When at={run.approvedAt} format="dateTime" />
          </>
        ) : null}
      </p>
      {changed ? (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          The dataset has changed since this run: it used version {formatNumber(version)}, the dataset is now at version{' '}
          {formatNumber(run.datasetVersion)}. A new run would ask the current cases.
        </p>
      ) : null}
    </header>
  );
}

/** The progress of a waiting or running run, with its Cancel button; announced as it moves. */
function LiveProgress({ run, onCancel }: { run: Detail; onCancel: () => void }) {
  return (
    <Card className="space-y-2 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="font-semibold">{run.status === 'pending' ? 'Waiting for a worker' : 'Answering the cases'}</h2>
        <Button variant="secondary" onClick={onCancel}>
          Cancel run
        </Button>
      </div>
      <ProgressBar
        label="Run progress"
        value={run.status === 'pending' ? null : progressPercent(run.progress)}
        valueText={progressText(run.progress)}
      />
      <p className={`${muted} tabular-nums`} aria-live="polite">
        {progressText(run.progress)}
      </p>
    </Card>
  );
}

/**
 * One evaluation run: what produced it, its figures with their formulas and distributions, the
 * failures, and every case with its answer, passages and metrics. Refreshes every two seconds
 * while the run is going; then the cases and failures are fetched once more.
 */
export function RunDetail({ slug, id, canReadCollections }: { slug: string; id: string; canReadCollections: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useQuery({
    ...trpc.evaluations.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data && isActiveRun(q.state.data.status) ? POLL_MS : false),
  });
  const collections = useQuery({
    ...trpc.collections.list.queryOptions(),
    enabled: canReadCollections && Boolean(run.data?.snapshot?.collectionIds.length),
  });
  const [cancelling, setCancelling] = useState(false);
  const [approving, setApproving] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // When the run finishes, its cases and failures are fetched once more (the summary came with it).
  const status = run.data?.status;
  const lastStatus = useRef(status);
  useEffect(() => {
    if (lastStatus.current && status && isActiveRun(lastStatus.current) && !isActiveRun(status)) {
      void queryClient.invalidateQueries(trpc.evaluations.results.pathFilter());
      void queryClient.invalidateQueries(trpc.evaluations.failures.pathFilter());
    }
    lastStatus.current = status;
  }, [status, queryClient, trpc]);

  if (run.error) {
    return (
      <Alert onRetry={() => void run.refetch()}>
        The run could not be loaded: {errorMessage(run.error)}{' '}
        <Link href={`/t/${slug}/evaluations`} className="underline">
          Back to the runs
        </Link>
      </Alert>
    );
  }
  const r = run.data;
  if (!r) return <p className={muted}>Loading the run…</p>;
  const live = isActiveRun(r.status);
  const collectionNames = new Map(collections.data?.map((c) => [c.id, c.name]));

  return (
    <div className="space-y-8">
      <div className="space-y-4">
        <nav aria-label="Breadcrumb" className="text-sm">
          <Link href={`/t/${slug}/evaluations`} className={linkClass}>
            Runs
          </Link>
        </nav>
        <RunHeader run={r} slug={slug} />
        <div className="flex flex-wrap items-start gap-2">
          {r.status === 'completed' && !r.isBaseline ? <Button onClick={() => setApproving(true)}>Approve as baseline</Button> : null}
          <CompareAction run={r} slug={slug} />
          {r.status === 'completed' || r.status === 'cancelled' ? (
            <Link
              href={`/t/${slug}/evaluations/compare?candidate=${r.id}${r.baselineId ? `&baseline=${r.baselineId}` : ''}`}
              className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-indigo-700 hover:bg-slate-100 dark:text-indigo-300 dark:hover:bg-slate-800"
            >
              Compare with another run…
            </Link>
          ) : null}
          {!live ? (
            <Button variant="ghost" className="text-red-700! dark:text-red-400!" onClick={() => setDeleting(true)}>
              Delete run
            </Button>
          ) : null}
        </div>
        {live ? <LiveProgress run={r} onCancel={() => setCancelling(true)} /> : null}
        {r.status === 'failed' ? <Alert>The run failed: {r.error ?? 'no reason was recorded.'}</Alert> : null}
        {r.status === 'cancelled' ? (
          <p className={muted}>The run was cancelled after {progressText(r.progress)}; the figures below are over the cases done.</p>
        ) : null}
      </div>

      {r.summary ? (
        <Section id="run-results" title="Results" description="Errors are counted apart and left out of every mean.">
          <RunCounts summary={r.summary} />
          <div className="pt-3">
            <RunSummary
              summary={r.summary}
              distributions={r.distributions}
              judgeModel={r.snapshot?.judge ? `${r.snapshot.judge.model} (${r.snapshot.judge.provider})` : undefined}
            />
          </div>
        </Section>
      ) : !live ? null : (
        <p className={muted}>The figures appear when the run has finished.</p>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="run-snapshot" title="What produced this run" description="Captured when the run started.">
          <Card className="p-4">
            {r.snapshot ? <RunSnapshot snapshot={r.snapshot} collections={collectionNames} /> : <p className={muted}>Not started yet.</p>}
          </Card>
        </Section>
        <Section id="run-exports" title="Export">
          <Card className="p-4">
            <RunExports run={r} />
          </Card>
        </Section>
      </div>

      <Section id="run-failures" title="Failures" description="Errors met while answering, and whether trying again could help.">
        <RunFailures runId={r.id} live={live} />
      </Section>

      <Section id="run-cases" title="Cases" description="Open a case to see its answer, the passages retrieved and its metrics.">
        <RunCases runId={r.id} slug={slug} live={live} />
      </Section>

      <CancelRunDialog run={cancelling ? r : null} onClose={() => setCancelling(false)} />
      <ApproveRunDialog run={r} hasBaseline={Boolean(r.baselineId)} open={approving} onClose={() => setApproving(false)} />
      <DeleteRunDialog run={r} slug={slug} open={deleting} onClose={() => setDeleting(false)} />
    </div>
  );
}
