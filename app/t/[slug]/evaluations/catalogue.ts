import type { MetricCatalogue } from '@/components/evals/metric-catalogue';
import { JUDGE_METRICS } from '@/server/evals/judge';
import { BOOTSTRAP_FORMULA, CASE_METRICS, RUN_METRICS, VERDICT_RULES } from '@/server/evals/metrics';

/**
 * The metrics' labels, formulas and rules for the evaluation pages' components, which take server
 * code as types only: each page hands this to a MetricCatalogueProvider.
 */
export const METRIC_CATALOGUE: MetricCatalogue = {
  caseMetrics: CASE_METRICS,
  runMetrics: RUN_METRICS,
  judgeMetrics: JUDGE_METRICS,
  bootstrapFormula: BOOTSTRAP_FORMULA,
  verdictRules: VERDICT_RULES,
};
