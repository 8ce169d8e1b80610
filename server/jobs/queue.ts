import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { documents, processingJobs, type JOB_TYPES, type JobProgress } from '@/db/schema';

export type JobType = (typeof JOB_TYPES)[number];
export type Job = typeof processingJobs.$inferSelect;

/** Backoff before retry n (1-based): 5 s, 10 s, 20 s, … capped at 10 minutes, with jitter. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, retry - 1), 10 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Adds a job in the caller's (tenant) transaction, so it commits with the row it is about. */
export async function enqueueJob(
  tx: Tx,
  job: { tenantId: string; jobType: JobType; documentId?: string | null; payload?: Record<string, unknown>; maxRetries?: number },
): Promise<Job> {
  const [row] = await tx
    .insert(processingJobs)
    .values({
      tenantId: job.tenantId,
      jobType: job.jobType,
      documentId: job.documentId ?? null,
      payload: job.payload ?? {},
      maxRetries: job.maxRetries ?? 3,
    })
    .returning();
  return row!;
}

const LEASE_EXPIRED = 'The worker processing this stopped responding (it may have been restarted).';

/**
 * Returns jobs whose lease ran out (their worker died) to the queue, counting that as a failed
 * attempt; a job out of retries fails, and so does its document. Runs on the privileged
 * connection: it spans tenants.
 */
export async function reapExpiredLeases(db: Db): Promise<number> {
  const reaped = await db.execute<{ id: string; tenant_id: string; document_id: string | null; status: string }>(sql`
    update processing_jobs set
      status = case when retry_count < max_retries then 'retrying' else 'failed' end,
      retry_count = case when retry_count < max_retries then retry_count + 1 else retry_count end,
      run_after = now(),
      locked_by = null,
      locked_until = null,
      error_message = ${LEASE_EXPIRED},
      completed_at = case when retry_count < max_retries then null else now() end,
      attempts = case when jsonb_array_length(attempts) = 0 then attempts
        else jsonb_set(attempts, array[(jsonb_array_length(attempts) - 1)::text],
          (attempts -> -1) || jsonb_build_object('status', 'lease_expired', 'finishedAt', now(), 'error', ${LEASE_EXPIRED}::text)) end,
      updated_at = now()
    where status = 'processing' and locked_until < now()
    returning id, tenant_id, document_id, status`);
  const failedDocs = reaped.filter((r) => r.status === 'failed' && r.document_id).map((r) => r.document_id!);
  if (failedDocs.length > 0) {
    await db
      .update(documents)
      .set({ status: 'failed', error: LEASE_EXPIRED })
      .where(and(inArray(documents.id, failedDocs), sql`${documents.status} <> 'completed'`));
  }
  return reaped.length;
}

/**
 * Claims the next runnable job for `workerId` with a lease. FOR UPDATE SKIP LOCKED: concurrent
 * workers each get a different job, never the same one.
 */
export async function claimJob(db: Db, workerId: string, leaseMs: number, types?: readonly JobType[]): Promise<Job | null> {
  const typeFilter = types?.length
    ? sql`and job_type in (${sql.join(
        types.map((t) => sql`${t}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await db.execute<{ id: string }>(sql`
    with next as (
      select id from processing_jobs
      where status in ('pending', 'retrying') and run_after <= now() ${typeFilter}
      order by run_after, created_at
      limit 1
      for update skip locked
    )
    update processing_jobs j set
      status = 'processing',
      locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
      started_at = coalesce(j.started_at, now()),
      progress = '{}'::jsonb,
      attempts = j.attempts || jsonb_build_array(jsonb_build_object(
        'n', jsonb_array_length(j.attempts) + 1, 'workerId', ${workerId}::text, 'startedAt', now(), 'status', 'running')),
      updated_at = now()
    from next where j.id = next.id
    returning j.id`);
  const id = rows[0]?.id;
  if (!id) return null;
  const [job] = await db.select().from(processingJobs).where(eq(processingJobs.id, id));
  return job ?? null;
}

/** Extends the lease; false when the job is no longer ours (cancelled, or reaped after a stall). */
export async function renewLease(db: Db, jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(processingJobs)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(and(eq(processingJobs.id, jobId), eq(processingJobs.lockedBy, workerId), eq(processingJobs.status, 'processing')))
    .returning({ id: processingJobs.id });
  return rows.length > 0;
}

export async function reportProgress(db: Db, jobId: string, workerId: string, progress: JobProgress): Promise<void> {
  await db
    .update(processingJobs)
    .set({ progress })
    .where(and(eq(processingJobs.id, jobId), eq(processingJobs.lockedBy, workerId), eq(processingJobs.status, 'processing')));
}

const finishAttempt = (status: 'completed' | 'failed', error: string | null) => sql`case when jsonb_array_length(attempts) = 0 then attempts
  else jsonb_set(attempts, array[(jsonb_array_length(attempts) - 1)::text],
    (attempts -> -1) || jsonb_strip_nulls(jsonb_build_object('status', ${status}::text, 'finishedAt', now(), 'error', ${error}::text))) end`;

export async function completeJob(db: Db, job: Job, workerId: string): Promise<boolean> {
  const rows = await db
    .update(processingJobs)
    .set({
      status: 'completed',
      completedAt: new Date(),
      lockedBy: null,
      lockedUntil: null,
      errorMessage: null,
      progress: { stage: 'done', percent: 100 },
      attempts: finishAttempt('completed', null),
    })
    .where(and(eq(processingJobs.id, job.id), eq(processingJobs.lockedBy, workerId), eq(processingJobs.status, 'processing')))
    .returning({ id: processingJobs.id });
  return rows.length > 0;
}

/**
 * Records a failed attempt: back to the queue after a backoff while retries remain (and the
 * error is retryable), otherwise failed for good. Returns the job's new status.
 */
export async function failJob(
  db: Db,
  job: Job,
  workerId: string,
  error: string,
  options: { retryable: boolean; random?: () => number },
): Promise<'retrying' | 'failed' | 'lost'> {
  const retry = options.retryable && job.retryCount < job.maxRetries;
  const rows = await db
    .update(processingJobs)
    .set({
      status: retry ? 'retrying' : 'failed',
      retryCount: retry ? job.retryCount + 1 : job.retryCount,
      runAfter: retry ? new Date(Date.now() + backoffMs(job.retryCount + 1, options.random)) : job.runAfter,
      completedAt: retry ? null : new Date(),
      lockedBy: null,
      lockedUntil: null,
      errorMessage: error,
      attempts: finishAttempt('failed', error),
    })
    .where(and(eq(processingJobs.id, job.id), eq(processingJobs.lockedBy, workerId), eq(processingJobs.status, 'processing')))
    .returning({ id: processingJobs.id });
  if (rows.length === 0) return 'lost';
  return retry ? 'retrying' : 'failed';
}

/** Cancels a job that has not finished; a worker running it notices at its next lease renewal. */
export async function cancelJob(tx: Tx, tenantId: string, jobId: string): Promise<Job | null> {
  const [row] = await tx
    .update(processingJobs)
    .set({ status: 'cancelled', completedAt: new Date(), lockedBy: null, lockedUntil: null, errorMessage: 'Cancelled.' })
    .where(
      and(
        eq(processingJobs.tenantId, tenantId),
        eq(processingJobs.id, jobId),
        inArray(processingJobs.status, ['pending', 'retrying', 'processing']),
      ),
    )
    .returning();
  return row ?? null;
}
