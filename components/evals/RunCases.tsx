'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Checkbox } from '@/components/ui/Checkbox';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import { useDebounced } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { Pagination } from '@/components/ui/Pagination';
import { formatPercent } from '@/lib/format';
import { FailureBadges, RunCaseDetail } from './RunCaseDetail';
import type { CaseResult } from './run-types';

const PAGE_SIZE = 20;
const muted = 'text-xs text-slate-500 dark:text-slate-400';

/** One case: a disclosure button with its question and verdict; open, everything recorded for it. */
function CaseItem({ result, slug, open, onToggle }: { result: CaseResult; slug: string; open: boolean; onToggle: () => void }) {
  const panelId = `case-panel-${result.id}`;
  const coverage = result.metrics.keyFactCoverage;
  return (
    <li className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <h3>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={onToggle}
          className="flex w-full items-start gap-3 rounded-lg p-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-800/60"
        >
          <span aria-hidden className={cn('mt-0.5 text-slate-500 transition-transform', open && 'rotate-90')}>
            ▸
          </span>
          <span className="min-w-0 flex-1">
            <span className="block text-sm font-medium break-words">
              <span className="text-slate-500 tabular-nums dark:text-slate-400">#{result.seq}</span> {result.question}
            </span>
            <span className="mt-1 flex flex-wrap items-center gap-2">
              <FailureBadges result={result} />
              {coverage !== null && coverage !== undefined ? <span className={muted}>key facts {formatPercent(coverage)}</span> : null}
            </span>
          </span>
        </button>
      </h3>
      <div id={panelId} hidden={!open} className="border-t border-slate-200 p-3 sm:p-4 dark:border-slate-800">
        {open ? <RunCaseDetail result={result} slug={slug} /> : null}
      </div>
    </li>
  );
}

/**
 * The run's cases, paged on the server: a search over the questions and a "Failing only" switch.
 * Each case opens in place to show its answer, passages and metrics. While the run is going, the
 * list refreshes so that finished cases appear.
 */
export function RunCases({ runId, slug, live }: { runId: string; slug: string; live: boolean }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [failing, setFailing] = useState(false);
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const results = useQuery({
    ...trpc.evaluations.results.queryOptions({ id: runId, page, pageSize: PAGE_SIZE, failing, search: search || undefined }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 4000 : false,
  });
  const items = results.data?.items ?? [];
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <div className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-end">
          <div className="space-y-1">
            <label htmlFor="run-case-search" className="block text-sm font-medium text-slate-700 dark:text-slate-200">
              Search cases
            </label>
            <Input
              id="run-case-search"
              type="search"
              placeholder="Words of the question"
              value={searchText}
              onChange={(e) => {
                setSearchText(e.target.value);
                setPage(1);
              }}
            />
          </div>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <Checkbox
              checked={failing}
              onChange={(e) => {
                setFailing(e.target.checked);
                setPage(1);
              }}
            />
            Failing only
          </label>
        </div>

        {results.error ? (
          <Alert onRetry={() => void results.refetch()}>The cases could not be loaded: {errorMessage(results.error)}</Alert>
        ) : null}

        <div aria-busy={results.isFetching} className={results.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
          {results.isPending ? (
            <p className={`${muted} py-6 text-center`}>Loading the cases…</p>
          ) : items.length === 0 ? (
            <p className="rounded-lg border border-slate-200 p-6 text-center text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
              {search || failing
                ? `No ${failing ? 'failing ' : ''}case${search ? ' matches this search' : ''}.`
                : live
                  ? 'No case has finished yet.'
                  : 'This run has no case results.'}
            </p>
          ) : (
            <ul aria-label="Cases" className="space-y-2">
              {items.map((result) => (
                <CaseItem key={result.id} result={result} slug={slug} open={expanded.has(result.id)} onToggle={() => toggle(result.id)} />
              ))}
            </ul>
          )}
        </div>
        {results.data && results.data.total > 0 ? (
          <Pagination page={results.data.page} pageSize={results.data.pageSize} total={results.data.total} onPage={setPage} label="cases" />
        ) : null}
      </div>
    </>
  );
}
