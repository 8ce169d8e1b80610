import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { documents } from './documents';
import { tenants } from './tenants';
import { JOB_TYPES, JOB_STATUSES } from '../../lib/enums';

export type JobProgress = { stage?: string; percent?: number; message?: string };

/** One run of a job by a worker, kept for the processing history. */
export type JobAttempt = {
  n: number;
  workerId: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'completed' | 'failed' | 'lease_expired' | 'cancelled';
  error?: string;
};

/** The work queue (ARCHITECTURE.md, "Documents and background work"). */
export const processingJobs = pgTable(
  'processing_jobs',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id').references(() => documents.id, { onDelete: 'set null' }),
    jobType: text('job_type', { enum: JOB_TYPES }).notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
    retryCount: integer('retry_count').notNull().default(0),
    maxRetries: integer('max_retries').notNull().default(3),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    progress: jsonb('progress').$type<JobProgress>().notNull().default({}),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    attempts: jsonb('attempts').$type<JobAttempt[]>().notNull().default([]),
    errorMessage: text('error_message'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Workers claim across tenants: runnable jobs by due time, and expired leases.
    index('processing_jobs_runnable_idx')
      .on(t.runAfter)
      .where(sql`${t.status} in ('pending', 'retrying')`),
    index('processing_jobs_lease_idx')
      .on(t.lockedUntil)
      .where(sql`${t.status} = 'processing'`),
    index('processing_jobs_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('processing_jobs_tenant_document_idx').on(t.tenantId, t.documentId),
    check(
      'processing_jobs_type_valid',
      sql`${t.jobType} in ('ingest', 'ocr', 'embed', 'reprocess', 'retention', 'gdpr_export', 'gdpr_erasure', 'eval_run', 'reembed')`,
    ),
    check('processing_jobs_status_valid', sql`${t.status} in ('pending', 'processing', 'completed', 'failed', 'cancelled', 'retrying')`),
    check('processing_jobs_retries', sql`${t.retryCount} >= 0 and ${t.maxRetries} >= 0 and ${t.retryCount} <= ${t.maxRetries}`),
    tenantIsolationPolicy(),
  ],
);
