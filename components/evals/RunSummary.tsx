'use client';

import type { ReactNode } from 'react';
import { formatCostUsd, formatDuration, formatNumber, formatPercent } from '@/lib/format';
import type { MetricGroup } from '@/server/evals/metrics/catalogue';
import type { RunSummaryOutput } from '@/server/evals/runs-schema';
import { GROUP_DESCRIPTIONS, GROUP_LABELS } from './run-labels';
import { caseMetricNames, useMetricCatalogue } from './metric-catalogue';
import { RunDistribution } from './RunDistribution';

const muted = 'text-xs text-slate-500 dark:text-slate-400';
const box = 'flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

const QUALITY_GROUPS: Array<Exclude<MetricGroup, 'operations'>> = ['retrieval', 'answer', 'citations'];

function casesText(n: number) {
  return `n = ${formatNumber(n)} ${n === 1 ? 'case' : 'cases'}`;
}

/** One figure: its label, the value, how many cases it is over, and its formula beside it. */
function MetricCard({
  label,
  value,
  detail,
  formula,
  lowerIsBetter,
  children,
}: {
  label: string;
  value: string;
  detail: string;
  formula: string;
  lowerIsBetter?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className={box}>
      <dt className="text-sm font-medium text-slate-700 dark:text-slate-200">
        {label}
        {lowerIsBetter ? <span className={`ml-1 font-normal ${muted}`}>(lower is better)</span> : null}
      </dt>
      <dd className="flex flex-col gap-2">
        <span className="flex items-baseline gap-2">
          <span className="text-2xl font-semibold tabular-nums">{value}</span>
          <span className={muted}>{detail}</span>
        </span>
        {children}
        <span className={`${muted} leading-snug`}>
          <span className="sr-only">How it is computed: </span>
          {formula}
        </span>
      </dd>
    </div>
  );
}

/**
 * The run's figures, one card per metric grouped as the catalogue groups them: each mean with the
 * number of cases it is over, its distribution and its formula. Metrics that apply to no case
 * (no reference answer in the dataset) say so instead of showing 0.
 */
export function RunSummary({
  summary,
  distributions,
  judgeModel,
}: {
  summary: RunSummaryOutput;
  distributions?: Record<string, number[]>;
  /** "gpt-4o-mini (openai)": which model judged, from the run's snapshot. */
  judgeModel?: string;
}) {
  const catalogue = useMetricCatalogue();
  const { caseMetrics: CASE_METRICS, runMetrics: RUN_METRICS } = catalogue;
  const metricsOf = (group: MetricGroup) => caseMetricNames(catalogue).filter((name) => CASE_METRICS[name].group === group);
  return (
    <div className="space-y-6">
      {QUALITY_GROUPS.map((group) => (
        <section key={group} aria-labelledby={`metrics-${group}`}>
          <h3 id={`metrics-${group}`} className="font-semibold">
            {GROUP_LABELS[group]}
          </h3>
          <p className={`mb-2 ${muted}`}>{GROUP_DESCRIPTIONS[group]}</p>
          <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            {metricsOf(group).map((name) => {
              const metric = CASE_METRICS[name];
              const value = summary.metrics[name];
              const bins = distributions?.[name];
              return (
                <MetricCard
                  key={name}
                  label={metric.label}
                  value={value && value.mean !== null ? formatPercent(value.mean) : '—'}
                  detail={value && value.n > 0 ? casesText(value.n) : 'applies to no case'}
                  formula={metric.formula}
                  lowerIsBetter={!metric.higherIsBetter}
                >
                  {bins && value && value.n > 0 ? <RunDistribution label={metric.label} bins={bins} /> : null}
                </MetricCard>
              );
            })}
          </dl>
        </section>
      ))}
      {summary.judge ? (
        <section aria-labelledby="metrics-judge">
          <h3 id="metrics-judge" className="font-semibold">
            Model-judged
          </h3>
          <p className={`mb-2 ${muted}`}>
            The opinion of {judgeModel ?? 'the workspace’s model'}, not a measurement: kept apart from the figures above and never averaged
            with them.
            {summary.judge.errors > 0
              ? ` The judge failed on ${formatNumber(summary.judge.errors)} ${summary.judge.errors === 1 ? 'case' : 'cases'}, left out.`
              : ''}
          </p>
          <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            {(['claimFaithfulness', 'answerRelevance'] as const).map((name) => {
              const value = summary.judge![name];
              return (
                <MetricCard
                  key={name}
                  label={catalogue.judgeMetrics[name].label}
                  value={value.mean !== null ? formatPercent(value.mean) : '—'}
                  detail={value.n > 0 ? casesText(value.n) : 'applies to no case'}
                  formula={catalogue.judgeMetrics[name].formula}
                />
              );
            })}
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="metrics-operations">
        <h3 id="metrics-operations" className="font-semibold">
          {GROUP_LABELS.operations}
        </h3>
        <p className={`mb-2 ${muted}`}>{GROUP_DESCRIPTIONS.operations}</p>
        <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          <MetricCard
            label={RUN_METRICS.latencyP50.label}
            value={formatDuration(summary.latencyMs.p50)}
            detail={casesText(summary.latencyMs.n)}
            formula={RUN_METRICS.latencyP50.formula}
          />
          <MetricCard
            label={RUN_METRICS.latencyP95.label}
            value={formatDuration(summary.latencyMs.p95)}
            detail={casesText(summary.latencyMs.n)}
            formula={RUN_METRICS.latencyP95.formula}
          />
          <MetricCard
            label={RUN_METRICS.tokens.label}
            value={summary.tokens.mean === null ? '—' : formatNumber(Math.round(summary.tokens.mean))}
            detail={`per case · ${formatNumber(summary.tokens.total)} in all`}
            formula={RUN_METRICS.tokens.formula}
          />
          <MetricCard
            label={RUN_METRICS.costUsd.label}
            value={formatCostUsd(summary.costUsd.total)}
            detail={casesText(summary.costUsd.n)}
            formula={RUN_METRICS.costUsd.formula}
          />
        </dl>
      </section>
    </div>
  );
}

/** Passing, failing, errors and abstained: how the run's cases came out. */
export function RunCounts({ summary }: { summary: RunSummaryOutput }) {
  const { verdictRules } = useMetricCatalogue();
  const failing = Math.max(0, summary.cases - summary.passing - summary.errors);
  const figures: Array<{ label: string; value: number; hint: string; tone?: string }> = [
    { label: 'Passing', value: summary.passing, hint: 'every check passed', tone: 'text-emerald-700 dark:text-emerald-400' },
    {
      label: 'Failing',
      value: failing,
      hint: 'answered, at least one check failed',
      tone: failing > 0 ? 'text-red-700 dark:text-red-400' : '',
    },
    {
      label: 'Errors',
      value: summary.errors,
      hint: 'not answered; left out of the means',
      tone: summary.errors > 0 ? 'text-red-700 dark:text-red-400' : '',
    },
    { label: 'Abstained', value: summary.abstained, hint: 'answered “no answer found”' },
  ];
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {figures.map((f) => (
          <div key={f.label} className={box}>
            <dt className={muted}>{f.label}</dt>
            <dd>
              <span className={`block text-2xl font-semibold tabular-nums ${f.tone ?? ''}`}>
                {formatNumber(f.value)}
                <span className="sr-only"> of {formatNumber(summary.cases)} cases</span>
              </span>
              <span className={`block leading-snug ${muted}`}>{f.hint}</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className={muted}>
        <span className="font-medium">How a case is judged:</span> {verdictRules}.
      </p>
    </div>
  );
}
