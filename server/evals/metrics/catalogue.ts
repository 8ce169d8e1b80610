/**
 * The metrics a run reports, by the names used in per-case results: label, formula (shown in the
 * page beside each number) and direction (which way is better, for comparisons and the CLI gate).
 */
import { COST_FORMULA, LATENCY_FORMULA, TOKENS_FORMULA } from './aggregate';
import { EXACT_MATCH_FORMULA, KEY_FACT_COVERAGE_FORMULA, TOKEN_F1_FORMULA } from './answer';
import { CITATION_PRECISION_FORMULA, CITATION_RECALL_FORMULA, FAITHFULNESS_FORMULA, HALLUCINATION_FORMULA } from './citations';
import { HIT_AT_K_FORMULA, MRR_FORMULA, NDCG_AT_K_FORMULA, RECALL_AT_K_FORMULA } from './retrieval';

export type MetricGroup = 'retrieval' | 'answer' | 'citations' | 'operations';

export type MetricDefinition = {
  label: string;
  group: MetricGroup;
  formula: string;
  higherIsBetter: boolean;
};

/** Per-case quality metrics, each 0–1 or `null` where it does not apply. */
export const CASE_METRICS = {
  hitAtK: { label: 'Hit@k', group: 'retrieval', formula: HIT_AT_K_FORMULA, higherIsBetter: true },
  recallAtK: { label: 'Recall@k', group: 'retrieval', formula: RECALL_AT_K_FORMULA, higherIsBetter: true },
  reciprocalRank: { label: 'MRR', group: 'retrieval', formula: MRR_FORMULA, higherIsBetter: true },
  ndcgAtK: { label: 'nDCG@k', group: 'retrieval', formula: NDCG_AT_K_FORMULA, higherIsBetter: true },
  exactMatch: { label: 'Exact match', group: 'answer', formula: EXACT_MATCH_FORMULA, higherIsBetter: true },
  tokenF1: { label: 'Token F1', group: 'answer', formula: TOKEN_F1_FORMULA, higherIsBetter: true },
  keyFactCoverage: { label: 'Key-fact coverage', group: 'answer', formula: KEY_FACT_COVERAGE_FORMULA, higherIsBetter: true },
  citationRecall: { label: 'Citation recall', group: 'citations', formula: CITATION_RECALL_FORMULA, higherIsBetter: true },
  citationPrecision: { label: 'Citation precision', group: 'citations', formula: CITATION_PRECISION_FORMULA, higherIsBetter: true },
  faithfulness: { label: 'Faithfulness', group: 'citations', formula: FAITHFULNESS_FORMULA, higherIsBetter: true },
  hallucination: { label: 'Hallucination', group: 'citations', formula: HALLUCINATION_FORMULA, higherIsBetter: false },
} as const satisfies Record<string, MetricDefinition>;

export type CaseMetricName = keyof typeof CASE_METRICS;

export const CASE_METRIC_NAMES = Object.keys(CASE_METRICS) as CaseMetricName[];

/** Run-level operational figures (see `aggregateResults`). */
export const RUN_METRICS = {
  latencyP50: { label: 'Latency p50', group: 'operations', formula: LATENCY_FORMULA.replace(/pX/, 'p50'), higherIsBetter: false },
  latencyP95: { label: 'Latency p95', group: 'operations', formula: LATENCY_FORMULA.replace(/pX/, 'p95'), higherIsBetter: false },
  tokens: { label: 'Tokens', group: 'operations', formula: TOKENS_FORMULA, higherIsBetter: false },
  costUsd: { label: 'Cost', group: 'operations', formula: COST_FORMULA, higherIsBetter: false },
} as const satisfies Record<string, MetricDefinition>;
