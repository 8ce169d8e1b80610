/**
 * Two runs on the same cases, metric by metric: the paired bootstrap of each quality metric with
 * the direction from the catalogue, so hallucination rising reads as "worse" without the caller
 * knowing which way each metric points.
 */
import type { MetricValues } from './aggregate';
import { pairedBootstrap, type BootstrapOptions, type BootstrapResult } from './bootstrap';
import { CASE_METRICS, CASE_METRIC_NAMES, type CaseMetricName } from './catalogue';

/** A run's per-case metric values by case id (errored cases absent or with no values). */
export type RunValues = ReadonlyMap<string, MetricValues> | Readonly<Record<string, MetricValues>>;

function byCase(run: RunValues, metric: string): Map<string, number | null | undefined> {
  const rows = run instanceof Map ? [...run.entries()] : Object.entries(run as Readonly<Record<string, MetricValues>>);
  return new Map(rows.map(([id, values]) => [id, values[metric]]));
}

/** `candidate − baseline` with its 95% interval for every metric of `CASE_METRICS` (or the ones named). */
export function compareRuns(
  baseline: RunValues,
  candidate: RunValues,
  options: Omit<BootstrapOptions, 'higherIsBetter'> & { metrics?: readonly CaseMetricName[] } = {},
): Record<CaseMetricName, BootstrapResult> {
  const { metrics = CASE_METRIC_NAMES, ...bootstrap } = options;
  const out = {} as Record<CaseMetricName, BootstrapResult>;
  for (const name of metrics) {
    out[name] = pairedBootstrap(byCase(baseline, name), byCase(candidate, name), {
      ...bootstrap,
      higherIsBetter: CASE_METRICS[name].higherIsBetter,
    });
  }
  return out;
}
