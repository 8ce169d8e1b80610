'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { AnswerMarkdown } from '@/components/chat/AnswerMarkdown';
import { citationHref, pageLabel } from '@/components/chat/helpers';
import { Sources } from '@/components/chat/MessageView';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { cn } from '@/components/ui/cn';
import { formatCostUsd, formatDuration, formatNumber, formatPercent } from '@/lib/format';
import type { CaseMetricName } from '@/server/evals/metrics/catalogue';
import { caseMetricNames, useMetricCatalogue } from './metric-catalogue';
import { FAILURE_DESCRIPTIONS, FAILURE_LABELS } from './run-labels';
import type { CaseResult } from './run-types';

const muted = 'text-xs text-slate-500 dark:text-slate-400';
const heading = 'text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400';

function Part({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h4 id={id} className={heading}>
        {title}
      </h4>
      {children}
    </section>
  );
}

/** A case's failure reasons as badges with their explanation on hover; "Passing" when none. */
export function FailureBadges({ result }: { result: Pick<CaseResult, 'failures'> }) {
  if (result.failures.length === 0) return <Badge tone="success">Passing</Badge>;
  return (
    <span className="flex flex-wrap gap-1">
      {result.failures.map((reason) => (
        <span key={reason} title={FAILURE_DESCRIPTIONS[reason]}>
          <Badge tone={reason === 'error' ? 'danger' : 'warning'}>{FAILURE_LABELS[reason]}</Badge>
        </span>
      ))}
    </span>
  );
}

/** The case's own metric values (those that apply), as a compact list. */
export function CaseMetrics({
  metrics,
  names,
  columns = 3,
}: {
  metrics: CaseResult['metrics'];
  names?: readonly CaseMetricName[];
  columns?: 2 | 3;
}) {
  const catalogue = useMetricCatalogue();
  const CASE_METRICS = catalogue.caseMetrics;
  const shown = (names ?? caseMetricNames(catalogue)).filter((name) => name in metrics);
  if (shown.length === 0) return <p className={muted}>No metric applies to this case.</p>;
  return (
    <dl className={cn('grid grid-cols-2 gap-x-4 gap-y-1 text-sm', columns === 3 && 'sm:grid-cols-3')}>
      {shown.map((name) => (
        <div key={name} className="flex justify-between gap-2 border-b border-slate-100 py-0.5 dark:border-slate-800">
          <dt className="text-slate-600 dark:text-slate-400" title={CASE_METRICS[name].formula}>
            {CASE_METRICS[name].label}
          </dt>
          <dd className="tabular-nums">{metrics[name] === null || metrics[name] === undefined ? 'n/a' : formatPercent(metrics[name])}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Latency, tokens and cost of one answer, on one line. */
export function CaseOperations({ result }: { result: CaseResult }) {
  return (
    <p className={muted}>
      {formatDuration(result.latencyMs)} · {formatNumber(result.inputTokens)} tokens in, {formatNumber(result.outputTokens)} out ·{' '}
      {formatCostUsd(result.costUsd)}
    </p>
  );
}

/** The answer with its citation markers and sources, or why there is none. */
export function CaseAnswer({ result, slug, idPrefix }: { result: CaseResult; slug: string; idPrefix: string }) {
  if (result.status === 'error') return <Alert>This case failed: {result.error ?? 'no answer was produced.'}</Alert>;
  return (
    <div className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      {result.abstained ? (
        <p className="mb-2">
          <Badge tone="warning">No answer given</Badge>
        </p>
      ) : null}
      {result.answer ? (
        <AnswerMarkdown content={result.answer} citations={result.citations} slug={slug} />
      ) : (
        <p className={muted}>Empty answer.</p>
      )}
      <Sources citations={result.citations} slug={slug} headingId={`${idPrefix}-sources`} />
    </div>
  );
}

function SupportMark({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 text-xs',
        ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400',
      )}
    >
      <span aria-hidden>{ok ? '✓' : '✗'}</span>
      {ok ? yes : no}
    </span>
  );
}

/** The judge model's verdict on the case: its two scores and the claims it found, apart from the rest. */
function CaseJudgement({ judge, id }: { judge: NonNullable<CaseResult['judge']>; id: string }) {
  const { judgeMetrics } = useMetricCatalogue();
  return (
    <Part title="Model-judged (not a measurement)" id={`${id}-judge`}>
      {judge.error ? <p className="text-sm text-red-700 dark:text-red-400">The judge failed: {judge.error}</p> : null}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        {(['claimFaithfulness', 'answerRelevance'] as const).map((name) => (
          <div key={name} className="flex justify-between gap-2 border-b border-slate-100 py-0.5 dark:border-slate-800">
            <dt className="text-slate-600 dark:text-slate-400" title={judgeMetrics[name].formula}>
              {judgeMetrics[name].label}
            </dt>
            <dd className="tabular-nums">{judge[name] === null ? 'n/a' : formatPercent(judge[name])}</dd>
          </div>
        ))}
      </dl>
      {judge.claims.length > 0 ? (
        <ul aria-label="Claims the judge found" className="space-y-1 text-sm">
          {judge.claims.map((claim, i) => (
            <li key={i} className="flex items-start gap-2">
              <Badge tone={claim.supported ? 'success' : 'danger'} className="shrink-0">
                {claim.supported ? 'Supported' : 'Not supported'}
              </Badge>
              <span className="min-w-0 break-words">{claim.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Part>
  );
}

/**
 * Everything recorded for one case: the question and reference, the answer with its citations,
 * failure reasons, key facts present or missing, each sentence's support, the passages retrieved
 * in rank order (gold ones marked in words and colour) and the case's metrics.
 */
export function RunCaseDetail({ result, slug }: { result: CaseResult; slug: string }) {
  const id = `case-${result.id}`;
  return (
    <div className="space-y-5">
      <CaseOperations result={result} />

      {result.expectedAnswer ? (
        <Part title="Reference answer" id={`${id}-reference`}>
          <p className="text-sm whitespace-pre-wrap">{result.expectedAnswer}</p>
        </Part>
      ) : null}

      <Part title="Answer" id={`${id}-answer`}>
        <CaseAnswer result={result} slug={slug} idPrefix={id} />
      </Part>

      {result.keyFacts.length > 0 ? (
        <Part title="Key facts" id={`${id}-facts`}>
          <ul className="space-y-1 text-sm">
            {result.keyFacts.map((fact, i) => (
              <li key={i} className="flex items-start gap-2">
                <Badge tone={fact.present ? 'success' : 'danger'} className="shrink-0">
                  {fact.present ? 'Present' : 'Missing'}
                </Badge>
                <span className="min-w-0 break-words">{fact.text}</span>
              </li>
            ))}
          </ul>
        </Part>
      ) : null}

      {result.sentences.length > 0 ? (
        <Part title="Support, sentence by sentence" id={`${id}-sentences`}>
          <ol className="space-y-2 text-sm">
            {result.sentences.map((s, i) => (
              <li key={i} className="rounded-md bg-slate-50 p-2 dark:bg-slate-800/60">
                <p className="break-words">
                  {s.text}
                  {s.citations.length > 0 ? (
                    <span className={`ml-1 ${muted}`}>cites {s.citations.map((n) => `[${n}]`).join(' ')}</span>
                  ) : null}
                </p>
                <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                  <SupportMark
                    ok={s.supportedByCitations}
                    yes="supported by its citations"
                    no={s.citations.length === 0 ? 'no citation' : 'not supported by its citations'}
                  />
                  <SupportMark ok={s.supportedByRetrieved} yes="supported by the retrieved passages" no="not in the retrieved passages" />
                  {s.citations.length > 0 ? (
                    <span className={muted}>
                      precise citations: {s.preciseCitations.length > 0 ? s.preciseCitations.map((n) => `[${n}]`).join(' ') : 'none'}
                    </span>
                  ) : null}
                </p>
              </li>
            ))}
          </ol>
        </Part>
      ) : null}

      <Part title="Retrieved passages, in rank order" id={`${id}-retrieved`}>
        {result.goldDocuments.length > 0 ? (
          <p className={muted}>
            Gold:{' '}
            {result.goldDocuments
              .map((d) => `${d.filename ?? 'a deleted document'}${d.pages && d.pages.length > 0 ? ` (pages ${d.pages.join(', ')})` : ''}`)
              .join('; ')}
          </p>
        ) : (
          <p className={muted}>This case lists no gold document: retrieval metrics do not apply.</p>
        )}
        {result.retrieved.length === 0 ? (
          <p className={muted}>Nothing was retrieved.</p>
        ) : (
          <ol className="space-y-2">
            {result.retrieved.map((p) => (
              <li
                key={p.chunkId}
                className={cn(
                  'rounded-md border-l-4 p-2 text-sm',
                  p.gold
                    ? 'border-emerald-500 bg-emerald-50 dark:border-emerald-400 dark:bg-emerald-950/40'
                    : 'border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-800/60',
                )}
              >
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-semibold tabular-nums">#{p.rank}</span>
                  {p.gold ? <Badge tone="success">Gold</Badge> : null}
                  <Link href={citationHref(slug, p)} className="font-medium break-all text-indigo-700 hover:underline dark:text-indigo-300">
                    {p.filename}
                  </Link>
                  {p.page !== null ? <span className={muted}>{pageLabel(p.page)}</span> : null}
                  {p.section ? <span className={muted}>§ {p.section}</span> : null}
                  <span className={muted}>score {p.score.toFixed(3)}</span>
                </p>
                <p className="mt-1 line-clamp-4 break-words text-slate-700 dark:text-slate-300">{p.content}</p>
              </li>
            ))}
          </ol>
        )}
      </Part>

      <Part title="This case’s metrics" id={`${id}-metrics`}>
        <CaseMetrics metrics={result.metrics} />
      </Part>

      {result.judge ? <CaseJudgement judge={result.judge} id={id} /> : null}
    </div>
  );
}
