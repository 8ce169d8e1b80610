/**
 * A run's summary from its per-case results: the mean of each metric over the cases where it
 * applies, latency percentiles, tokens and cost. Errored cases are counted apart and never
 * averaged in: an error is neither a 0 nor a 1.
 */

/** Per-case metric values by name; `null` (or absent) when the metric does not apply to the case. */
export type MetricValues = Readonly<Record<string, number | null | undefined>>;

/** One case of a run: scored, or failed with an error. */
export type CaseResult =
  | { status: 'ok'; metrics: MetricValues; latencyMs?: number | null; tokens?: number | null; costUsd?: number | null }
  /** A failed case may still have cost money (a model call that timed out after billing). */
  | { status: 'error'; error?: string; costUsd?: number | null };

export type MetricSummary = {
  /** Mean over the cases where the metric applies; `null` when it applied to none. */
  mean: number | null;
  /** How many cases the metric applied to. */
  n: number;
};

export type RunSummary = {
  cases: number;
  succeeded: number;
  errors: number;
  metrics: Record<string, MetricSummary>;
  latencyMs: { p50: number | null; p95: number | null; n: number };
  tokens: { mean: number | null; total: number; n: number };
  /** Sum over all cases, errored ones included: money spent is spent. */
  costUsd: { total: number; n: number };
};

export const LATENCY_FORMULA =
  'latency pX = the nearest-rank percentile of the successful cases’ latencies: the value at position ⌈X/100 · n⌉ of the sorted list';
export const TOKENS_FORMULA = 'tokens = mean tokens per successful case';
export const COST_FORMULA = 'cost = sum of the cost of every case of the run, failed ones included';

/**
 * Nearest-rank percentile: the smallest value with at least p % of the values at or below it,
 * i.e. sorted[⌈p/100 · n⌉ − 1]. Always an observed value, so "p95 = 1.2 s" is a real case's time.
 * `null` for an empty list.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (p < 0 || p > 100) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[index]!;
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The mean of each metric over the cases where it applies, latency p50/p95, tokens and cost; errors counted apart. */
export function aggregateResults(results: readonly CaseResult[]): RunSummary {
  const ok = results.filter((r): r is Extract<CaseResult, { status: 'ok' }> => r.status === 'ok');
  const sums = new Map<string, { sum: number; n: number }>();
  for (const r of ok) {
    for (const [name, value] of Object.entries(r.metrics)) {
      const entry = sums.get(name) ?? { sum: 0, n: 0 };
      if (isNumber(value)) {
        entry.sum += value;
        entry.n++;
      }
      // Registered even when null, so a metric that applied to no case still shows (as n = 0).
      sums.set(name, entry);
    }
  }
  const metrics: Record<string, MetricSummary> = {};
  for (const [name, { sum, n }] of sums) metrics[name] = { mean: n === 0 ? null : sum / n, n };

  const latencies = ok.map((r) => r.latencyMs).filter(isNumber);
  const tokens = ok.map((r) => r.tokens).filter(isNumber);
  const costs = results.map((r) => r.costUsd).filter(isNumber);
  const tokenTotal = tokens.reduce((a, b) => a + b, 0);
  return {
    cases: results.length,
    succeeded: ok.length,
    errors: results.length - ok.length,
    metrics,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), n: latencies.length },
    tokens: { mean: tokens.length === 0 ? null : tokenTotal / tokens.length, total: tokenTotal, n: tokens.length },
    costUsd: { total: costs.reduce((a, b) => a + b, 0), n: costs.length },
  };
}
