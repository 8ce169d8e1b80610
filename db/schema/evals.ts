import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Citation } from './chat';
import type { RerankMode } from './llm';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { users } from './users';

export type EvalCaseSource = {
  kind: 'feedback';
  messageId: string;
  sessionId: string;
  answer: string;
  citations: Citation[];
  comment: string | null;
};

/** What produced a run, captured when it started (the contract is `runSnapshot` in server/evals/runs-schema). */
export type EvalRunSnapshot = {
  datasetVersion: number;
  caseCount: number;
  model: string;
  provider: string;
  embedder: string;
  retrieval: { topK: number; candidates: number; vectorWeight: number; textWeight: number; rrfK: number; rerank?: RerankMode };
  k: number;
  collectionIds: string[];
  documentsHash: string;
  documentCount: number;
  startedBy: { id: string | null; name: string };
  /** The model that judged the answers, when model-judged metrics were asked for. */
  judge: { model: string; provider: string } | null;
};

/** Model-judged metrics of one case, kept apart from the deterministic ones. */
export type EvalJudgement = {
  claimFaithfulness: number | null;
  answerRelevance: number | null;
  claims: Array<{ text: string; supported: boolean }>;
  /** Why the judge gave no verdict (its reply was not usable, or the call failed). */
  error: string | null;
};

/** A run's summary (`runSummaryOutput`). */
export type EvalRunSummary = {
  cases: number;
  succeeded: number;
  errors: number;
  passing: number;
  abstained: number;
  metrics: Record<string, { mean: number | null; n: number }>;
  latencyMs: { p50: number | null; p95: number | null; n: number };
  tokens: { mean: number | null; total: number; n: number };
  costUsd: { total: number; n: number };
  /** Model-judged means, when the run asked for them. */
  judge: {
    claimFaithfulness: { mean: number | null; n: number };
    answerRelevance: { mean: number | null; n: number };
    errors: number;
  } | null;
};

/** A passage sent to the model, as it was, with whether it is gold (`retrievedPassage`). */
export type EvalRetrievedPassage = {
  rank: number;
  chunkId: string;
  documentId: string;
  filename: string;
  page: number | null;
  section: string | null;
  content: string;
  score: number;
  gold: boolean;
};

/** How one answer sentence fared (`sentenceVerdict`). */
export type EvalSentenceVerdict = {
  text: string;
  citations: number[];
  supportedByCitations: boolean;
  supportedByRetrieved: boolean;
  preciseCitations: number[];
};

/** The case as it was when run. */
export type EvalExpected = {
  expectedAnswer: string | null;
  keyFacts: string[];
  goldDocuments: Array<{ documentId: string; filename: string | null; pages: number[] | null }>;
};

export const ragEvalDatasets = pgTable(
  'rag_eval_datasets',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Bumped on every change to the dataset's cases, so a run can record which cases it scored. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('rag_eval_datasets_tenant_name_key').on(t.tenantId, t.name),
    unique('rag_eval_datasets_tenant_id_key').on(t.tenantId, t.id),
    tenantIsolationPolicy(),
  ],
);

export const ragEvalCases = pgTable(
  'rag_eval_cases',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    datasetId: uuid('dataset_id').notNull(),
    question: text('question').notNull(),
    expectedAnswer: text('expected_answer'),
    expectedDocumentIds: uuid('expected_document_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /**
     * Pages of gold documents that hold the answer, by document id (a document without an entry:
     * any page). Kept beside expected_document_ids, which stays the list the metrics read.
     */
    expectedPages: jsonb('expected_pages').$type<Record<string, number[]>>().notNull().default({}),
    /** Order of the cases as they were added (an import's rows share one created_at). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    /** Strings a right answer must contain. */
    keyFacts: text('key_facts')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Where the case came from when it was made from a thumbs-down: the wrong answer, for context. */
    source: jsonb('source').$type<EvalCaseSource>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('rag_eval_cases_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'rag_eval_cases_dataset_fk',
      columns: [t.tenantId, t.datasetId],
      foreignColumns: [ragEvalDatasets.tenantId, ragEvalDatasets.id],
    }).onDelete('cascade'),
    index('rag_eval_cases_tenant_dataset_idx').on(t.tenantId, t.datasetId),
    check('rag_eval_cases_question_not_blank', sql`length(btrim(${t.question})) > 0`),
    tenantIsolationPolicy(),
  ],
);

/** One row per evaluation run. */
export const ragEvaluations = pgTable(
  'rag_evaluations',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    datasetId: uuid('dataset_id').notNull(),
    /** A label people know the run by ("top k 10"). */
    name: text('name'),
    /** What the run was asked to do (collections), then, once started, what produced it (`RunSnapshot`). */
    config: jsonb('config').$type<{ collectionIds?: string[]; judge?: boolean; snapshot?: EvalRunSnapshot }>().notNull().default({}),
    status: text('status', { enum: ['pending', 'running', 'completed', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    /** The job that runs it, so cancelling the run cancels the job. */
    jobId: uuid('job_id'),
    progress: jsonb('progress')
      .$type<{ done: number; total: number; errors: number }>()
      .notNull()
      .default({ done: 0, total: 0, errors: 0 }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Empty until the run finished (or was cancelled: over the cases done). */
    summary: jsonb('summary').$type<EvalRunSummary | Record<string, never>>().notNull().default({}),
    error: text('error'),
    /** The dataset's baseline: later runs are compared with it by default. At most one per dataset. */
    isBaseline: boolean('is_baseline').notNull().default(false),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('rag_evaluations_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'rag_evaluations_dataset_fk',
      columns: [t.tenantId, t.datasetId],
      foreignColumns: [ragEvalDatasets.tenantId, ragEvalDatasets.id],
    }).onDelete('cascade'),
    index('rag_evaluations_tenant_created_idx').on(t.tenantId, t.createdAt),
    uniqueIndex('rag_evaluations_one_baseline_key')
      .on(t.tenantId, t.datasetId)
      .where(sql`${t.isBaseline}`),
    check('rag_evaluations_status_valid', sql`${t.status} in ('pending', 'running', 'completed', 'failed', 'cancelled')`),
    check('rag_evaluations_baseline_completed', sql`not ${t.isBaseline} or ${t.status} = 'completed'`),
    tenantIsolationPolicy(),
  ],
);

/** Per case of a run: what was asked, answered, cited and retrieved. */
export const ragEvalResults = pgTable(
  'rag_eval_results',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    evaluationId: uuid('evaluation_id').notNull(),
    caseId: uuid('case_id'),
    /** The case's position in the dataset when the run took it (cases are kept even if later deleted). */
    seq: integer('seq').notNull().default(0),
    query: text('query').notNull(),
    /** The case as it was when run: reference answer, key facts and gold documents. */
    expected: jsonb('expected').$type<EvalExpected>().notNull().default({ expectedAnswer: null, goldDocuments: [], keyFacts: [] }),
    status: text('status', { enum: ['ok', 'error'] })
      .notNull()
      .default('ok'),
    error: text('error'),
    answer: text('answer').notNull(),
    /** Answered with "no answer found": it makes no claim, so citation metrics do not apply. */
    abstained: boolean('abstained').notNull().default(false),
    citations: jsonb('citations').$type<Citation[]>().notNull().default([]),
    retrievedChunkIds: uuid('retrieved_chunk_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** The passages sent to the model, in rank order, with their text as it was. */
    retrieved: jsonb('retrieved').$type<EvalRetrievedPassage[]>().notNull().default([]),
    sentences: jsonb('sentences').$type<EvalSentenceVerdict[]>().notNull().default([]),
    failures: text('failures')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    agentRunId: uuid('agent_run_id'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('rag_eval_results_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'rag_eval_results_evaluation_fk',
      columns: [t.tenantId, t.evaluationId],
      foreignColumns: [ragEvaluations.tenantId, ragEvaluations.id],
    }).onDelete('cascade'),
    index('rag_eval_results_tenant_evaluation_idx').on(t.tenantId, t.evaluationId),
    // A resumed run (its worker died) never scores a case twice.
    uniqueIndex('rag_eval_results_evaluation_case_key').on(t.tenantId, t.evaluationId, t.caseId),
    check('rag_eval_results_status_valid', sql`${t.status} in ('ok', 'error')`),
    tenantIsolationPolicy(),
  ],
);

const score = (name: string) => real(name);

export const ragMetrics = pgTable(
  'rag_metrics',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    evaluationId: uuid('evaluation_id').notNull(),
    resultId: uuid('result_id').notNull(),
    faithfulness: score('faithfulness'),
    relevance: score('relevance'),
    coverage: score('coverage'),
    hallucination: score('hallucination'),
    contextPrecision: score('context_precision'),
    contextRecall: score('context_recall'),
    latencyMs: integer('latency_ms'),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6 }).notNull().default('0'),
    /** Every deterministic metric of the case by its `CASE_METRICS` name (the columns above are a subset). */
    values: jsonb('values').$type<Record<string, number | null>>().notNull().default({}),
    /** Unpriced model: the cost is unknown, not 0. */
    costUnknown: boolean('cost_unknown').notNull().default(false),
    /** Model-judged metrics, when the run asked for them (`relevance` holds the answer relevance too). */
    judge: jsonb('judge').$type<EvalJudgement>(),
  },
  (t) => [
    foreignKey({
      name: 'rag_metrics_result_fk',
      columns: [t.tenantId, t.resultId],
      foreignColumns: [ragEvalResults.tenantId, ragEvalResults.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'rag_metrics_evaluation_fk',
      columns: [t.tenantId, t.evaluationId],
      foreignColumns: [ragEvaluations.tenantId, ragEvaluations.id],
    }).onDelete('cascade'),
    index('rag_metrics_tenant_evaluation_idx').on(t.tenantId, t.evaluationId),
    check(
      'rag_metrics_scores_range',
      sql`coalesce(${t.faithfulness}, 0) between 0 and 1 and coalesce(${t.relevance}, 0) between 0 and 1
        and coalesce(${t.coverage}, 0) between 0 and 1 and coalesce(${t.hallucination}, 0) between 0 and 1
        and coalesce(${t.contextPrecision}, 0) between 0 and 1 and coalesce(${t.contextRecall}, 0) between 0 and 1`,
    ),
    tenantIsolationPolicy(),
  ],
);

export const ragReports = pgTable(
  'rag_reports',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    evaluationId: uuid('evaluation_id').notNull(),
    format: text('format', { enum: ['csv', 'json', 'html', 'pdf'] }).notNull(),
    storageKey: text('storage_key').notNull(),
    /** The name it downloads as; built by the server from the dataset and run, never typed. */
    filename: text('filename').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** Of the stored bytes, to tell a file changed in storage from the one that was made. */
    sha256: text('sha256').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'rag_reports_evaluation_fk',
      columns: [t.tenantId, t.evaluationId],
      foreignColumns: [ragEvaluations.tenantId, ragEvaluations.id],
    }).onDelete('cascade'),
    index('rag_reports_tenant_evaluation_idx').on(t.tenantId, t.evaluationId),
    check('rag_reports_format_valid', sql`${t.format} in ('csv', 'json', 'html', 'pdf')`),
    tenantIsolationPolicy(),
  ],
);
