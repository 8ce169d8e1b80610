'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { JUDGE_METRICS } from '@/server/evals/judge';
import type { CASE_METRICS, CaseMetricName, MetricDefinition, RUN_METRICS } from '@/server/evals/metrics/catalogue';

/**
 * The metrics' labels, formulas and directions (server/evals/metrics/catalogue), handed down by
 * the page: components take server code as types only, so the page passes the catalogue itself.
 */
export type MetricCatalogue = {
  caseMetrics: typeof CASE_METRICS;
  runMetrics: typeof RUN_METRICS;
  /** The optional model-judged metrics, labelled as such and never mixed with the others. */
  judgeMetrics: typeof JUDGE_METRICS;
  /** How the comparison's intervals are computed (BOOTSTRAP_FORMULA). */
  bootstrapFormula: string;
  /** When a case counts as failing (VERDICT_RULES). */
  verdictRules: string;
};

const Context = createContext<MetricCatalogue | null>(null);

export function MetricCatalogueProvider({ value, children }: { value: MetricCatalogue; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useMetricCatalogue(): MetricCatalogue {
  const value = useContext(Context);
  if (!value) throw new Error('useMetricCatalogue needs a MetricCatalogueProvider (the evaluation pages set one).');
  return value;
}

/** The case metrics in the catalogue's order. */
export function caseMetricNames(catalogue: MetricCatalogue): CaseMetricName[] {
  return Object.keys(catalogue.caseMetrics) as CaseMetricName[];
}

export type { CaseMetricName, MetricDefinition };
