import { z } from 'zod';
import type { EvalJudgement, EvalRetrievedPassage, EvalRunSnapshot, EvalRunSummary, EvalSentenceVerdict } from '@/db/schema';
import { RERANK_MODES } from '@/lib/enums';
import { citationOutput } from '@/server/chat/schema';
import { pageInput, pageOf } from '@/server/shared/pagination';
import { FAILURE_REASONS } from './metrics/verdict';

/**
 * The evaluation runs' contracts (issue 13), shared by the router, the service, the pages, the
 * reports and the CLI. Metric names are those of `CASE_METRICS` (server/evals/metrics/catalogue).
 */

export const RUN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Why a case counts as failing (see `caseVerdict`); a case with none passes. */
export { FAILURE_REASONS, type FailureReason } from './metrics/verdict';

/** Most runs a tenant may have pending or running at once. */
export const MAX_ACTIVE_RUNS = 2;

export const createRunInput = z.object({
  datasetId: z.uuid('Not a valid dataset id.'),
  /** A label people recognise the run by ("top k 10"); optional. */
  name: z
    .string()
    .trim()
    .max(120, 'The name can be at most 120 characters.')
    .nullish()
    .transform((s) => s || null),
  /** Limits retrieval to these collections (none: every collection the starter can read). */
  collectionIds: z.array(z.uuid()).max(50, 'At most 50 collections.').default([]),
  /** Also ask the tenant's model to judge each answer (claim faithfulness, answer relevance). */
  judge: z.boolean().default(false),
});
export type CreateRunInput = z.infer<typeof createRunInput>;

export const runListInput = z.object({
  ...pageInput,
  datasetId: z.uuid().optional(),
  status: z.enum(RUN_STATUSES).optional(),
});
export type RunListInput = z.infer<typeof runListInput>;

export const runResultsInput = z.object({
  id: z.uuid(),
  ...pageInput,
  /** Only failing cases (any failure reason). */
  failing: z.boolean().default(false),
  search: z.string().trim().max(200).optional(),
});
export type RunResultsInput = z.infer<typeof runResultsInput>;

export const compareInput = z.object({
  /** The run compared against; default: the dataset's approved baseline. */
  baselineId: z.uuid().optional(),
  candidateId: z.uuid(),
  ...pageInput,
  /** Which cases the side-by-side list shows. */
  cases: z.enum(['changed', 'newlyFailing', 'newlyPassing', 'all']).default('changed'),
});
export type CompareInput = z.infer<typeof compareInput>;

/** What produced a run, captured when it started. */
export const runSnapshot = z.object({
  datasetVersion: z.number().int(),
  caseCount: z.number().int(),
  model: z.string(),
  provider: z.string(),
  embedder: z.string(),
  retrieval: z.object({
    topK: z.number().int(),
    candidates: z.number().int(),
    vectorWeight: z.number(),
    textWeight: z.number(),
    rrfK: z.number(),
    rerank: z.enum(RERANK_MODES).optional(),
  }),
  /** The retrieval metrics' cut-off (distinct documents). */
  k: z.number().int(),
  collectionIds: z.array(z.uuid()),
  /** sha256 over the ids and content hashes of the documents the starter could search. */
  documentsHash: z.string(),
  documentCount: z.number().int(),
  startedBy: z.object({ id: z.uuid().nullable(), name: z.string() }),
  judge: z.object({ model: z.string(), provider: z.string() }).nullable(),
});
export type RunSnapshot = z.infer<typeof runSnapshot>;

const metricSummary = z.object({ mean: z.number().nullable(), n: z.number().int() });

export const runSummaryOutput = z.object({
  cases: z.number().int(),
  succeeded: z.number().int(),
  errors: z.number().int(),
  /** Cases that pass every applicable check (see FAILURE_REASONS). */
  passing: z.number().int(),
  /** Cases answered with "no answer found". */
  abstained: z.number().int(),
  metrics: z.record(z.string(), metricSummary),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), n: z.number().int() }),
  tokens: z.object({ mean: z.number().nullable(), total: z.number(), n: z.number().int() }),
  costUsd: z.object({ total: z.number(), n: z.number().int() }),
  /** Model-judged means (labelled so everywhere), apart from the deterministic ones; null when not asked for. */
  judge: z.object({ claimFaithfulness: metricSummary, answerRelevance: metricSummary, errors: z.number().int() }).nullable(),
});
export type RunSummaryOutput = z.infer<typeof runSummaryOutput>;

export const runProgress = z.object({ done: z.number().int(), total: z.number().int(), errors: z.number().int() });

export const runOutput = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  datasetId: z.uuid(),
  datasetName: z.string(),
  status: z.enum(RUN_STATUSES),
  progress: runProgress,
  /** Null until the run has started. */
  snapshot: runSnapshot.nullable(),
  /** Null until the run has finished (or was cancelled: then over the cases done). */
  summary: runSummaryOutput.nullable(),
  error: z.string().nullable(),
  isBaseline: z.boolean(),
  approvedAt: z.date().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type RunOutput = z.infer<typeof runOutput>;

export const runListOutput = pageOf(runOutput);

/** Ten equal bins over 0–1 for each quality metric, for the distribution charts. */
export const runDetailOutput = runOutput.extend({
  distributions: z.record(z.string(), z.array(z.number().int())),
  /** The dataset's current version, to say "the dataset changed since this run". */
  datasetVersion: z.number().int(),
  /** The approved baseline of the dataset, if any and not this run. */
  baselineId: z.uuid().nullable(),
  reports: z.array(
    z.object({
      id: z.uuid(),
      format: z.enum(['csv', 'json', 'html']),
      createdAt: z.date(),
      filename: z.string(),
      sizeBytes: z.number().int(),
      url: z.string(),
    }),
  ),
});
export type RunDetailOutput = z.infer<typeof runDetailOutput>;

export const retrievedPassage = z.object({
  rank: z.number().int(),
  chunkId: z.uuid(),
  documentId: z.uuid(),
  filename: z.string(),
  page: z.number().int().nullable(),
  section: z.string().nullable(),
  content: z.string(),
  score: z.number(),
  /** From a gold document (and page, when the case lists pages). */
  gold: z.boolean(),
});
export type RetrievedPassage = z.infer<typeof retrievedPassage>;

export const sentenceVerdict = z.object({
  text: z.string(),
  citations: z.array(z.number().int()),
  supportedByCitations: z.boolean(),
  supportedByRetrieved: z.boolean(),
  preciseCitations: z.array(z.number().int()),
});

export const caseResultOutput = z.object({
  id: z.uuid(),
  caseId: z.uuid().nullable(),
  seq: z.number().int(),
  question: z.string(),
  expectedAnswer: z.string().nullable(),
  keyFacts: z.array(z.object({ text: z.string(), present: z.boolean() })),
  goldDocuments: z.array(z.object({ documentId: z.uuid(), filename: z.string().nullable(), pages: z.array(z.number().int()).nullable() })),
  status: z.enum(['ok', 'error']),
  error: z.string().nullable(),
  answer: z.string(),
  abstained: z.boolean(),
  citations: z.array(citationOutput),
  retrieved: z.array(retrievedPassage),
  sentences: z.array(sentenceVerdict),
  metrics: z.record(z.string(), z.number().nullable()),
  /** Model-judged metrics of the case, when the run asked for them. */
  judge: z
    .object({
      claimFaithfulness: z.number().nullable(),
      answerRelevance: z.number().nullable(),
      claims: z.array(z.object({ text: z.string(), supported: z.boolean() })),
      error: z.string().nullable(),
    })
    .nullable(),
  failures: z.array(z.enum(FAILURE_REASONS)),
  latencyMs: z.number().int().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().nullable(),
});
export type CaseResultOutput = z.infer<typeof caseResultOutput>;

export const runResultsOutput = pageOf(caseResultOutput);

export const exportRunInput = z.object({ id: z.uuid(), format: z.enum(['csv', 'json', 'html']) });
export const exportRunOutput = z.object({
  reportId: z.uuid(),
  format: z.enum(['csv', 'json', 'html']),
  url: z.string(),
  filename: z.string(),
  sizeBytes: z.number().int(),
});

/** What a new run can use: whether model-judged metrics are available (a model provider is configured). */
export const runOptionsOutput = z.object({ judgeAvailable: z.boolean(), model: z.string(), provider: z.string() });

export const runFailureOutput = z.object({
  id: z.uuid(),
  caseSeq: z.number().int().nullable(),
  question: z.string().nullable(),
  stage: z.string(),
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  createdAt: z.date(),
});
export const runFailuresOutput = z.array(runFailureOutput);

/** One metric's paired bootstrap (see `pairedBootstrap`): candidate − baseline with its 95% interval. */
const interval = z.object({
  baselineMean: z.number().nullable(),
  candidateMean: z.number().nullable(),
  delta: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  n: z.number().int(),
  dropped: z.number().int(),
  significant: z.boolean(),
  /** In the metric's direction: hallucination falling is "better". */
  verdict: z.enum(['better', 'worse', 'no-difference']),
});
export type MetricComparison = z.infer<typeof interval>;

export const compareCase = z.object({
  caseId: z.uuid(),
  seq: z.number().int(),
  question: z.string(),
  change: z.enum(['newlyFailing', 'newlyPassing', 'stillFailing', 'stillPassing']),
  baseline: caseResultOutput.nullable(),
  candidate: caseResultOutput.nullable(),
});

export const compareOutput = z.object({
  baseline: runOutput,
  candidate: runOutput,
  /** Cases scored in both runs (pairs); the rest are left out of the intervals. */
  paired: z.number().int(),
  metrics: z.record(z.string(), interval),
  counts: z.object({
    newlyFailing: z.number().int(),
    newlyPassing: z.number().int(),
    stillFailing: z.number().int(),
    stillPassing: z.number().int(),
  }),
  cases: pageOf(compareCase),
  /** Snapshot fields that differ between the runs ("retrieval.topK: 6 → 10"). */
  changes: z.array(z.object({ field: z.string(), baseline: z.string(), candidate: z.string() })),
});
export type CompareOutput = z.infer<typeof compareOutput>;

/** The stored jsonb types (db/schema/evals.ts) and these contracts must stay the same shape. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<RunSnapshot, EvalRunSnapshot>,
  Same<RunSummaryOutput, EvalRunSummary>,
  Same<RetrievedPassage, EvalRetrievedPassage>,
  Same<z.infer<typeof sentenceVerdict>, EvalSentenceVerdict>,
  Same<NonNullable<CaseResultOutput['judge']>, EvalJudgement>,
] = [true, true, true, true, true];
void sameShapes;
