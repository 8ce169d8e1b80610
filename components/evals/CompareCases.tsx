'use client';

import { Badge } from '@/components/ui/Badge';
import { CaseAnswer, CaseMetrics, CaseOperations, FailureBadges } from './RunCaseDetail';
import { CHANGE_LABELS, CHANGE_TONES } from './run-labels';
import type { CaseResult, CompareCase } from './run-types';

/** The figures shown for each side of a case: the ones that move when retrieval or the model change. */
const SIDE_METRICS = ['hitAtK', 'recallAtK', 'keyFactCoverage', 'tokenF1', 'citationRecall', 'faithfulness'] as const;

function Side({ title, result, slug, idPrefix }: { title: string; result: CaseResult | null; slug: string; idPrefix: string }) {
  return (
    <section aria-labelledby={`${idPrefix}-title`} className="min-w-0 space-y-2">
      <h4 id={`${idPrefix}-title`} className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        {title}
      </h4>
      {result ? (
        <>
          <FailureBadges result={result} />
          <CaseAnswer result={result} slug={slug} idPrefix={idPrefix} />
          <CaseMetrics metrics={result.metrics} names={SIDE_METRICS} columns={2} />
          <CaseOperations result={result} />
        </>
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">Not in this run.</p>
      )}
    </section>
  );
}

/** One case of a comparison: its question, how it changed, and both answers side by side. */
export function CompareCaseItem({ item, slug }: { item: CompareCase; slug: string }) {
  const id = `compare-${item.caseId}`;
  return (
    <li className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 className="flex flex-wrap items-start gap-2 text-sm font-medium">
        <Badge tone={CHANGE_TONES[item.change]}>{CHANGE_LABELS[item.change]}</Badge>
        <span className="min-w-0 flex-1 break-words">
          <span className="text-slate-500 tabular-nums dark:text-slate-400">#{item.seq}</span> {item.question}
        </span>
      </h3>
      <div className="grid gap-4 md:grid-cols-2 md:divide-x md:divide-slate-200 dark:md:divide-slate-800">
        <Side title="Baseline" result={item.baseline} slug={slug} idPrefix={`${id}-baseline`} />
        <div className="md:pl-4">
          <Side title="Candidate" result={item.candidate} slug={slug} idPrefix={`${id}-candidate`} />
        </div>
      </div>
    </li>
  );
}
