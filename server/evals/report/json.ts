import { CASE_METRICS, RUN_METRICS, type MetricDefinition } from '@/server/evals/metrics/catalogue';
import type { CaseResultOutput, RunOutput } from '@/server/evals/runs-schema';

export const REPORT_JSON_FORMAT = 'agenticomni.evaluation-run';
export const REPORT_JSON_VERSION = 1;

type MetricEntry = Pick<MetricDefinition, 'label' | 'formula' | 'higherIsBetter'>;

/**
 * The catalogue entries of the metrics the run has: case metrics that appear in its summary or
 * in any case, and the run's operational figures once it has a summary.
 */
export function metricsOfRun(run: RunOutput, cases: readonly CaseResultOutput[]): Record<string, MetricEntry> {
  const present = new Set([...Object.keys(run.summary?.metrics ?? {}), ...cases.flatMap((c) => Object.keys(c.metrics))]);
  const out: Record<string, MetricEntry> = {};
  for (const [name, m] of Object.entries(CASE_METRICS)) {
    if (present.has(name)) out[name] = { label: m.label, formula: m.formula, higherIsBetter: m.higherIsBetter };
  }
  if (run.summary) {
    for (const [name, m] of Object.entries(RUN_METRICS))
      out[name] = { label: m.label, formula: m.formula, higherIsBetter: m.higherIsBetter };
  }
  return out;
}

/**
 * A run as one JSON document (pretty-printed; dates as ISO strings): the run with its snapshot
 * and summary, the formulas of its metrics, and every case in seq order.
 */
export function runReportJson(run: RunOutput, cases: readonly CaseResultOutput[], options: { generatedAt?: Date } = {}): string {
  const document = {
    format: REPORT_JSON_FORMAT,
    version: REPORT_JSON_VERSION,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    run,
    metrics: metricsOfRun(run, cases),
    cases: [...cases].sort((a, b) => a.seq - b.seq),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
