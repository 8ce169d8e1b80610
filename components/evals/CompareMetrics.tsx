'use client';

import { Badge } from '@/components/ui/Badge';
import { cn } from '@/components/ui/cn';
import { useIsNarrow } from '@/components/ui/hooks';
import { Table, Td, Th, Tr } from '@/components/ui/Table';
import { formatNumber, formatPercent } from '@/lib/format';
import type { MetricComparison } from '@/server/evals/runs-schema';
import { caseMetricNames, useMetricCatalogue } from './metric-catalogue';
import { GROUP_LABELS, VERDICT_LABELS, VERDICT_TONES } from './run-labels';

const PLOT_WIDTH = 160;
const PLOT_HEIGHT = 20;

const VERDICT_STROKES: Record<MetricComparison['verdict'], string> = {
  better: 'stroke-emerald-600 fill-emerald-600 dark:stroke-emerald-400 dark:fill-emerald-400',
  worse: 'stroke-red-600 fill-red-600 dark:stroke-red-400 dark:fill-red-400',
  'no-difference': 'stroke-slate-500 fill-slate-500 dark:stroke-slate-400 dark:fill-slate-400',
};

/** The half-width of the shared axis: every interval fits, and a tiny one is not blown up to fill it. */
export function plotRange(metrics: Record<string, MetricComparison>): number {
  let max = 0.05;
  for (const m of Object.values(metrics)) {
    for (const v of [m.low, m.high, m.delta]) if (v !== null) max = Math.max(max, Math.abs(v));
  }
  return Math.min(1, Math.ceil(max * 20) / 20);
}

/**
 * One metric's difference and its 95% interval on an axis centred on 0 (a forest plot row): the
 * interval crossing the 0 line is no significant difference. Drawn for the eye; the figures are
 * written beside it.
 */
export function IntervalPlot({ comparison, range }: { comparison: MetricComparison; range: number }) {
  const x = (v: number) => PLOT_WIDTH / 2 + (v / range) * (PLOT_WIDTH / 2 - 4);
  const { low, high, delta, verdict } = comparison;
  return (
    <svg
      aria-hidden
      width={PLOT_WIDTH}
      height={PLOT_HEIGHT}
      viewBox={`0 0 ${PLOT_WIDTH} ${PLOT_HEIGHT}`}
      className="block shrink-0 overflow-visible"
    >
      <line
        x1={0}
        x2={PLOT_WIDTH}
        y1={PLOT_HEIGHT / 2}
        y2={PLOT_HEIGHT / 2}
        className="stroke-slate-200 dark:stroke-slate-700"
        strokeWidth={1}
      />
      <line
        x1={x(0)}
        x2={x(0)}
        y1={1}
        y2={PLOT_HEIGHT - 1}
        className="stroke-slate-400 dark:stroke-slate-500"
        strokeWidth={1}
        strokeDasharray="2 2"
      />
      {low !== null && high !== null ? (
        <g className={VERDICT_STROKES[verdict]}>
          <line x1={x(low)} x2={x(high)} y1={PLOT_HEIGHT / 2} y2={PLOT_HEIGHT / 2} strokeWidth={2.5} strokeLinecap="round" />
          <line x1={x(low)} x2={x(low)} y1={5} y2={PLOT_HEIGHT - 5} strokeWidth={1.5} />
          <line x1={x(high)} x2={x(high)} y1={5} y2={PLOT_HEIGHT - 5} strokeWidth={1.5} />
        </g>
      ) : null}
      {delta !== null ? (
        <circle cx={x(delta)} cy={PLOT_HEIGHT / 2} r={4} className={cn(VERDICT_STROKES[verdict], 'stroke-white dark:stroke-slate-900')} />
      ) : null}
    </svg>
  );
}

function intervalText(m: MetricComparison): string {
  if (m.low === null || m.high === null) return 'no interval';
  return `${formatPercent(m.low, { signed: true })} to ${formatPercent(m.high, { signed: true })}`;
}

/**
 * Per metric: the baseline's and the candidate's means, the difference with its paired bootstrap
 * 95% interval (drawn around 0 on one shared axis), the verdict in words and the pairs it is over.
 */
export function CompareMetrics({ metrics }: { metrics: Record<string, MetricComparison> }) {
  const catalogue = useMetricCatalogue();
  const CASE_METRICS = catalogue.caseMetrics;
  const formula = catalogue.bootstrapFormula;
  const names = caseMetricNames(catalogue).filter((name) => metrics[name]);
  const range = plotRange(metrics);
  const narrow = useIsNarrow();
  const explanation = (
    <p className="text-xs text-slate-500 dark:text-slate-400">
      <span className="font-medium">How the interval is computed:</span> {formula}. Each bar is the interval on an axis centred on 0 (dashed
      line); the dot is the difference. A bar that crosses the line is no significant difference.
    </p>
  );
  if (narrow) {
    // Phones: one card per metric, so the interval and the verdict are not scrolled out of sight.
    return (
      <div className="space-y-2">
        <ul aria-label="Metrics, baseline against candidate" className="space-y-2">
          {names.map((name) => {
            const metric = CASE_METRICS[name];
            const m = metrics[name]!;
            return (
              <li key={name} className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
                <p className="flex items-start justify-between gap-2">
                  <span>
                    <span className="block font-medium">{metric.label}</span>
                    <span className="text-xs text-slate-500 dark:text-slate-400">
                      {GROUP_LABELS[metric.group]}
                      {metric.higherIsBetter ? '' : ' · lower is better'}
                    </span>
                  </span>
                  <Badge tone={VERDICT_TONES[m.verdict]}>{VERDICT_LABELS[m.verdict]}</Badge>
                </p>
                <p className="mt-2 tabular-nums">
                  {formatPercent(m.baselineMean)} <span aria-hidden>→</span>
                  <span className="sr-only">to</span> {formatPercent(m.candidateMean)}{' '}
                  <span className="font-medium">({formatPercent(m.delta, { signed: true })})</span>
                </p>
                <div className="mt-1 space-y-1">
                  <IntervalPlot comparison={m} range={range} />
                  <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
                    95%: {intervalText(m)} · {formatNumber(m.n)} pairs
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
        {explanation}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <Table caption="Metrics, baseline against candidate">
        <thead>
          <tr>
            <Th>Metric</Th>
            <Th className="text-right">Baseline</Th>
            <Th className="text-right">Candidate</Th>
            <Th className="text-right">Difference</Th>
            <Th>
              95% interval <span className="font-normal normal-case">(±{formatPercent(range)} axis)</span>
            </Th>
            <Th>Verdict</Th>
            <Th className="text-right">Pairs</Th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const metric = CASE_METRICS[name];
            const m = metrics[name]!;
            return (
              <Tr key={name}>
                <Td className="py-2">
                  <span className="block font-medium whitespace-nowrap" title={metric.formula}>
                    {metric.label}
                  </span>
                  <span className="text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
                    {GROUP_LABELS[metric.group]}
                    {metric.higherIsBetter ? '' : ' · lower is better'}
                  </span>
                </Td>
                <Td className="py-2 text-right tabular-nums">{formatPercent(m.baselineMean)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatPercent(m.candidateMean)}</Td>
                <Td className="py-2 text-right font-medium tabular-nums">{formatPercent(m.delta, { signed: true })}</Td>
                <Td className="py-2">
                  <span className="flex flex-col gap-0.5">
                    <IntervalPlot comparison={m} range={range} />
                    <span className="text-xs whitespace-nowrap text-slate-600 tabular-nums dark:text-slate-400">{intervalText(m)}</span>
                  </span>
                </Td>
                <Td className="py-2">
                  <Badge tone={VERDICT_TONES[m.verdict]}>{VERDICT_LABELS[m.verdict]}</Badge>
                </Td>
                <Td className="py-2 text-right tabular-nums">
                  {formatNumber(m.n)}
                  {m.dropped > 0 ? (
                    <span className="block text-xs text-slate-500 dark:text-slate-400">{formatNumber(m.dropped)} left out</span>
                  ) : null}
                </Td>
              </Tr>
            );
          })}
        </tbody>
      </Table>
      {explanation}
    </div>
  );
}
