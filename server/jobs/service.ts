import 'server-only';
import { and, count, desc, eq, min, sql } from 'drizzle-orm';
import { documents, processingJobs, JOB_STATUSES } from '@/db/schema';
import { requireAccess } from '@/server/access/require';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { notFound } from '@/server/shared/errors';
import { offsetOf } from '@/server/shared/pagination';
import { cancelJob, enqueueJob } from './queue';
import type { JobListInput } from './schema';

/** Queue health for the tenant's admins: counts by status and the oldest waiting job. */
export async function jobSummary(ctx: TenantServiceContext) {
  // A failure that was retried since (a newer job for the same document) no longer counts as failed.
  const rows = await ctx.db
    .select({ status: processingJobs.status, n: count() })
    .from(processingJobs)
    .where(
      and(
        eq(processingJobs.tenantId, ctx.tenantId),
        sql`not (${processingJobs.status} = 'failed' and exists (
          select 1 from processing_jobs newer where newer.tenant_id = ${processingJobs.tenantId}
            and newer.document_id = ${processingJobs.documentId} and newer.created_at > ${processingJobs.createdAt}))`,
      ),
    )
    .groupBy(processingJobs.status);
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0])) as Record<
    (typeof JOB_STATUSES)[number],
    number
  >;
  const [oldest] = await ctx.db
    .select({ createdAt: min(processingJobs.createdAt) })
    .from(processingJobs)
    .where(and(eq(processingJobs.tenantId, ctx.tenantId), sql`${processingJobs.status} in ('pending', 'retrying')`));
  return { counts, oldestWaitingSince: oldest?.createdAt ?? null };
}

export async function listJobs(ctx: TenantServiceContext, input: JobListInput) {
  const where = and(eq(processingJobs.tenantId, ctx.tenantId), input.status ? eq(processingJobs.status, input.status) : undefined);
  const items = await ctx.db
    .select({
      id: processingJobs.id,
      jobType: processingJobs.jobType,
      status: processingJobs.status,
      documentId: processingJobs.documentId,
      filename: documents.filename,
      retryCount: processingJobs.retryCount,
      maxRetries: processingJobs.maxRetries,
      progress: processingJobs.progress,
      errorMessage: processingJobs.errorMessage,
      runAfter: processingJobs.runAfter,
      createdAt: processingJobs.createdAt,
      completedAt: processingJobs.completedAt,
    })
    .from(processingJobs)
    .leftJoin(documents, and(eq(documents.tenantId, processingJobs.tenantId), eq(documents.id, processingJobs.documentId)))
    .where(where)
    .orderBy(desc(processingJobs.createdAt), desc(processingJobs.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(processingJobs).where(where);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

export async function cancelTenantJob(ctx: TenantServiceContext, { id }: { id: string }) {
  const job = await cancelJob(ctx.db, ctx.tenantId, id);
  if (!job) notFound('A job that can be cancelled');
  if (job.documentId) {
    // Stopping a document's processing changes it: write access if it is restricted (rolls back otherwise).
    await requireAccess(ctx, { resourceType: 'document', resourceId: job.documentId }, 'write', 'cancel its processing');
    await ctx.db
      .update(documents)
      .set({ status: 'failed', error: 'Processing was cancelled.' })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, job.documentId), sql`${documents.status} <> 'completed'`));
  }
  await recordAudit(ctx, { action: 'job.cancel', resourceType: 'job', resourceId: id, payload: { documentId: job.documentId } });
  return { id };
}

/** A new attempt for every failed document of the tenant (one job each). */
export async function retryAllFailed(ctx: TenantServiceContext) {
  const failed = await ctx.db
    .select({ id: documents.id })
    .from(documents)
    // Reprocessing a restricted document needs write access to it (server/access).
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.status, 'failed'), sql`app_can('document', ${documents.id}, 'write')`));
  for (const doc of failed) {
    await ctx.db
      .update(documents)
      .set({ status: 'uploaded', error: null })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, doc.id)));
    await enqueueJob(ctx.db, { tenantId: ctx.tenantId, jobType: 'reprocess', documentId: doc.id });
  }
  await recordAudit(ctx, { action: 'job.retry_failed', resourceType: 'job', payload: { documents: failed.length } });
  return { retried: failed.length };
}
