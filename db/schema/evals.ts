import { sql } from 'drizzle-orm';
import {
  bigint,
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
  uuid,
} from 'drizzle-orm/pg-core';
import type { Citation } from './chat';
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
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['pending', 'running', 'completed', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    summary: jsonb('summary').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
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
    check('rag_evaluations_status_valid', sql`${t.status} in ('pending', 'running', 'completed', 'failed', 'cancelled')`),
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
    query: text('query').notNull(),
    answer: text('answer').notNull(),
    citations: jsonb('citations').$type<Citation[]>().notNull().default([]),
    retrievedChunkIds: uuid('retrieved_chunk_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
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
