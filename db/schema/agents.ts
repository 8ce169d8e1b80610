import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy } from './_shared';
import { chatSessions } from './chat';
import { ragEvaluations } from './evals';

export const AGENT_RUN_KINDS = ['chat', 'evaluation'] as const;
export const AGENT_RUN_STATUSES = ['succeeded', 'failed', 'stopped'] as const;
export const AGENT_FAILURE_STAGES = ['retrieval', 'model', 'storage'] as const;

/**
 * One answer produced by the pipeline (a chat answer or an evaluation case), written once when it
 * ends. Append-only: UPDATE and DELETE are revoked from the application role, so the record of
 * what was answered, by which model and at what cost cannot be rewritten.
 */
export const agentRuns = pgTable(
  'agent_runs',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    kind: text('kind', { enum: AGENT_RUN_KINDS }).notNull(),
    /** No foreign key, like usage_events: the run outlives the user as history. */
    userId: uuid('user_id'),
    apiKeyId: uuid('api_key_id'),
    sessionId: uuid('session_id'),
    /** The stored answer, when there is one (a failed run has none). */
    messageId: uuid('message_id'),
    evaluationId: uuid('evaluation_id'),
    model: text('model').notNull(),
    provider: text('provider').notNull(),
    status: text('status', { enum: AGENT_RUN_STATUSES }).notNull(),
    latencyMs: integer('latency_ms').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    /** Null when the model has no price: unknown, not free. */
    costUsd: numeric('cost_usd', { precision: 12, scale: 6 }),
    /** The passages given to the model, in rank order. */
    retrievedChunkIds: uuid('retrieved_chunk_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('agent_runs_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'agent_runs_session_fk',
      columns: [t.tenantId, t.sessionId],
      foreignColumns: [chatSessions.tenantId, chatSessions.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'agent_runs_evaluation_fk',
      columns: [t.tenantId, t.evaluationId],
      foreignColumns: [ragEvaluations.tenantId, ragEvaluations.id],
    }).onDelete('cascade'),
    index('agent_runs_tenant_started_idx').on(t.tenantId, t.startedAt),
    index('agent_runs_tenant_session_idx').on(t.tenantId, t.sessionId),
    index('agent_runs_tenant_evaluation_idx').on(t.tenantId, t.evaluationId),
    check('agent_runs_kind_valid', sql`${t.kind} in ('chat', 'evaluation')`),
    check('agent_runs_status_valid', sql`${t.status} in ('succeeded', 'failed', 'stopped')`),
    check(
      'agent_runs_counts_nonnegative',
      sql`${t.latencyMs} >= 0 and ${t.inputTokens} >= 0 and ${t.outputTokens} >= 0 and (${t.costUsd} is null or ${t.costUsd} >= 0)`,
    ),
    check('agent_runs_finished_after_start', sql`${t.finishedAt} >= ${t.startedAt}`),
    tenantIsolationPolicy(),
  ],
);

/** Why a run failed; `created_at` is when. Append-only like its run. */
export const agentFailures = pgTable(
  'agent_failures',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    runId: uuid('run_id').notNull(),
    stage: text('stage', { enum: AGENT_FAILURE_STAGES }).notNull(),
    errorCode: text('error_code').notNull(),
    /** The sentence shown to the user, never the provider's body (which may hold secrets). */
    message: text('message').notNull(),
    retryable: boolean('retryable').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'agent_failures_run_fk',
      columns: [t.tenantId, t.runId],
      foreignColumns: [agentRuns.tenantId, agentRuns.id],
    }).onDelete('cascade'),
    index('agent_failures_tenant_run_idx').on(t.tenantId, t.runId),
    check('agent_failures_stage_valid', sql`${t.stage} in ('retrieval', 'model', 'storage')`),
    check('agent_failures_message_length', sql`length(${t.message}) <= 500`),
    tenantIsolationPolicy(),
  ],
);
