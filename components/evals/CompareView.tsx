'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { Pagination } from '@/components/ui/Pagination';
import { Select } from '@/components/ui/Select';
import { formatDateTime, formatNumber } from '@/lib/format';
import type { CompareInput } from '@/server/evals/runs-schema';
import { CompareCaseItem } from './CompareCases';
import { CompareMetrics } from './CompareMetrics';
import { CHANGE_LABELS, runTitle, snapshotFieldLabel } from './run-labels';
import type { Comparison, Run } from './run-types';

const PAGE_SIZE = 10;
const muted = 'text-sm text-slate-600 dark:text-slate-400';
const linkClass = 'font-medium text-indigo-700 hover:underline dark:text-indigo-300';

type CaseFilter = CompareInput['cases'];

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

/** Hashes and id lists are long: their start tells them apart (the whole value is the tooltip). */
function shortValue(value: string): string {
  return value.length > 40 ? `${value.slice(0, 16)}…` : value;
}

function runOption(run: Run) {
  return `${runTitle(run)}${run.isBaseline ? ' (baseline)' : ''} · ${formatDateTime(run.finishedAt ?? run.createdAt)}`;
}

/**
 * Chooses the two runs: completed runs of the candidate's dataset. A choice changes the address,
 * so a comparison can be shared and Back returns to the previous one.
 */
function RunPicker({
  slug,
  datasetId,
  baselineId,
  candidateId,
}: {
  slug: string;
  datasetId: string;
  baselineId?: string;
  candidateId: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const runs = useQuery(trpc.evaluations.list.queryOptions({ datasetId, status: 'completed', page: 1, pageSize: 100 }));
  const go = (baseline: string | undefined, candidate: string) => {
    const query = new URLSearchParams({ candidate });
    if (baseline) query.set('baseline', baseline);
    router.push(`/t/${slug}/evaluations/compare?${query.toString()}`);
  };
  const options = runs.data?.items ?? [];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field id="compare-baseline" label="Baseline" error={runs.error ? `The runs could not be loaded: ${errorMessage(runs.error)}` : null}>
        <Select
          id="compare-baseline"
          value={baselineId ?? ''}
          onChange={(e) => go(e.target.value || undefined, candidateId)}
          disabled={runs.isPending}
        >
          <option value="">The dataset’s approved baseline</option>
          {options.map((r) => (
            <option key={r.id} value={r.id} disabled={r.id === candidateId}>
              {runOption(r)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="compare-candidate" label="Candidate">
        <Select id="compare-candidate" value={candidateId} onChange={(e) => go(baselineId, e.target.value)} disabled={runs.isPending}>
          {options.some((r) => r.id === candidateId) ? null : <option value={candidateId}>This run</option>}
          {options.map((r) => (
            <option key={r.id} value={r.id} disabled={r.id === baselineId}>
              {runOption(r)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

/** The case filters: changed, newly failing, newly passing, all; still failing and passing are counted. */
function CaseFilters({
  counts,
  value,
  onChange,
}: {
  counts: Comparison['counts'];
  value: CaseFilter;
  onChange: (value: CaseFilter) => void;
}) {
  const total = counts.newlyFailing + counts.newlyPassing + counts.stillFailing + counts.stillPassing;
  const filters: Array<{ key: CaseFilter; label: string; count: number }> = [
    { key: 'changed', label: 'Changed', count: counts.newlyFailing + counts.newlyPassing },
    { key: 'newlyFailing', label: CHANGE_LABELS.newlyFailing, count: counts.newlyFailing },
    { key: 'newlyPassing', label: CHANGE_LABELS.newlyPassing, count: counts.newlyPassing },
    { key: 'all', label: 'All cases', count: total },
  ];
  return (
    <div className="space-y-2">
      <div role="group" aria-label="Show cases" className="flex flex-wrap gap-2">
        {filters.map((f) => (
          <Button
            key={f.key}
            variant={value === f.key ? 'primary' : 'secondary'}
            aria-pressed={value === f.key}
            onClick={() => onChange(f.key)}
            className="min-h-9! px-3! py-1.5!"
          >
            {f.label}
            <span className="rounded-full bg-black/10 px-1.5 text-xs tabular-nums dark:bg-white/15">{formatNumber(f.count)}</span>
          </Button>
        ))}
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {formatNumber(counts.stillFailing)} still failing and {formatNumber(counts.stillPassing)} still passing (under “All cases”).
      </p>
    </div>
  );
}

/**
 * Two runs of one dataset compared: what changed between them, each metric's difference with its
 * paired bootstrap 95% interval and verdict, and the cases that newly fail or pass with both
 * answers side by side.
 */
export function CompareView({ slug, candidateId, baselineId }: { slug: string; candidateId: string; baselineId?: string }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<CaseFilter>('changed');
  const [page, setPage] = useState(1);
  // The page is reset when the runs change: a new pair of runs has its own first page.
  const pairKey = `${baselineId ?? ''}:${candidateId}`;
  const [shownPair, setShownPair] = useState(pairKey);
  if (shownPair !== pairKey) {
    setShownPair(pairKey);
    setPage(1);
  }
  const candidate = useQuery(trpc.evaluations.get.queryOptions({ id: candidateId }));
  const compare = useQuery({
    ...trpc.evaluations.compare.queryOptions({ baselineId, candidateId, page, pageSize: PAGE_SIZE, cases: filter }),
    placeholderData: keepPreviousData,
  });
  const c = compare.data;

  return (
    <>
      <div className="space-y-8">
        <div className="space-y-4">
          <nav aria-label="Breadcrumb" className="text-sm">
            <Link href={`/t/${slug}/evaluations`} className={linkClass}>
              Runs
            </Link>
            <span aria-hidden className="mx-2 text-slate-400">
              /
            </span>
            <Link href={`/t/${slug}/evaluations/runs/${candidateId}`} className={linkClass}>
              {candidate.data ? runTitle(candidate.data) : 'The run'}
            </Link>
          </nav>
          <header className="space-y-1">
            <h1 className="text-2xl font-semibold tracking-tight">Compare runs</h1>
            {c ? (
              <p className={muted}>
                <Link href={`/t/${slug}/evaluations/runs/${c.candidate.id}`} className={linkClass}>
                  {runTitle(c.candidate)}
                </Link>{' '}
                (candidate) against{' '}
                <Link href={`/t/${slug}/evaluations/runs/${c.baseline.id}`} className={linkClass}>
                  {runTitle(c.baseline)}
                </Link>{' '}
                (baseline{c.baseline.isBaseline ? ', approved' : ''}) on “{c.candidate.datasetName}”, over {formatNumber(c.paired)} cases
                scored in both.
              </p>
            ) : null}
          </header>
          {candidate.data ? (
            <RunPicker slug={slug} datasetId={candidate.data.datasetId} baselineId={baselineId} candidateId={candidateId} />
          ) : null}
        </div>

        {compare.error ? (
          <Alert onRetry={() => void compare.refetch()}>The runs could not be compared: {errorMessage(compare.error)}</Alert>
        ) : !c ? (
          <p className={muted}>Comparing the runs…</p>
        ) : (
          <>
            <Section id="compare-changes" title="What changed" description="Between the two runs’ snapshots: what produced each.">
              <Card className="p-4">
                {c.changes.length === 0 ? (
                  <p className={muted}>
                    Nothing recorded differs: the same settings, model and documents. Differences are noise or the model’s.
                  </p>
                ) : (
                  <ul className="space-y-1 text-sm">
                    {c.changes.map((change) => (
                      <li key={change.field} className="flex flex-wrap gap-x-2">
                        <span className="font-medium">{snapshotFieldLabel(change.field)}</span>
                        <code className="text-xs text-slate-500 dark:text-slate-400">{change.field}</code>
                        <span className="min-w-0 break-all tabular-nums">
                          <span title={change.baseline}>{shortValue(change.baseline)}</span> <span aria-hidden>→</span>
                          <span className="sr-only">changed to</span> <span title={change.candidate}>{shortValue(change.candidate)}</span>
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </Section>

            <Section
              id="compare-metrics"
              title="Metrics"
              description="Candidate minus baseline over the cases scored in both runs, with its 95% confidence interval."
            >
              <CompareMetrics metrics={c.metrics} />
            </Section>

            <Section
              id="compare-cases"
              title="Cases"
              description="Both answers side by side, with each side’s failure reasons and metrics."
            >
              <CaseFilters
                counts={c.counts}
                value={filter}
                onChange={(next) => {
                  setFilter(next);
                  setPage(1);
                }}
              />
              <div aria-busy={compare.isFetching} className={compare.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
                {c.cases.items.length === 0 ? (
                  <div className="space-y-3 rounded-lg border border-slate-200 p-6 text-center text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
                    <p>
                      {filter === 'all'
                        ? 'No case was scored in both runs.'
                        : filter === 'changed'
                          ? 'No case newly fails or newly passes: both runs pass and fail the same cases. The metrics above may still differ.'
                          : `No case is ${CHANGE_LABELS[filter].toLowerCase()}.`}
                    </p>
                    {filter !== 'all' ? (
                      <Button
                        variant="secondary"
                        onClick={() => {
                          setFilter('all');
                          setPage(1);
                        }}
                      >
                        Show all cases
                      </Button>
                    ) : null}
                  </div>
                ) : (
                  <ul aria-label="Compared cases" className="space-y-3">
                    {c.cases.items.map((item) => (
                      <CompareCaseItem key={item.caseId} item={item} slug={slug} />
                    ))}
                  </ul>
                )}
              </div>
              {c.cases.total > 0 ? (
                <Pagination page={c.cases.page} pageSize={c.cases.pageSize} total={c.cases.total} onPage={setPage} label="cases" />
              ) : null}
              {c.baseline.isBaseline ? null : (
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  <Badge tone="neutral">Note</Badge> The baseline chosen is not the dataset’s approved one.
                </p>
              )}
            </Section>
          </>
        )}
      </div>
    </>
  );
}
