import 'server-only';
import { and, count, desc, eq, min, sql, type SQL } from 'drizzle-orm';
import { documents, processingJobs, JOB_STATUSES } from '@/db/schema';
import { requireAccess } from '@/server/access/require';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { reprocessDocument } from '@/server/documents/service';
import { badRequest, notFound } from '@/server/shared/errors';
import { offsetOf } from '@/server/shared/pagination';
import { cancelJob, enqueueJob } from './queue';
import type { JobListInput } from './schema';

/**
 * Which jobs a member sees in the queue: the workspace's admins (settings:manage) see every job;
 * people who upload (documents:write) see the processing of the documents they uploaded. A job
 * outside someone's view is NOT_FOUND to them, as another workspace's is.
 */
function visibleJobs(ctx: TenantServiceContext): SQL {
  const tenant = eq(processingJobs.tenantId, ctx.tenantId);
  if (ctx.permissions.includes('settings:manage')) return tenant;
  return and(
    tenant,
    sql`exists (select 1 from ${documents} d where d.tenant_id = ${processingJobs.tenantId} and d.id = ${processingJobs.documentId}
      and d.uploaded_by = ${ctx.userId})`,
  )!;
}

/** True while no newer job exists for the same document: only then may a failed job be retried. */
const isLatestForDocument = sql`not exists (select 1 from processing_jobs newer where newer.tenant_id = ${processingJobs.tenantId}
  and newer.document_id = ${processingJobs.documentId} and newer.created_at > ${processingJobs.createdAt})`;

/** Queue health: counts by status and the oldest waiting job, over the jobs this member sees. */
export async function jobSummary(ctx: TenantServiceContext) {
  // A failure that was retried since (a newer job for the same document) no longer counts as failed.
  const rows = await ctx.db
    .select({ status: processingJobs.status, n: count() })
    .from(processingJobs)
    .where(and(visibleJobs(ctx), sql`not (${processingJobs.status} = 'failed' and not ${isLatestForDocument})`))
    .groupBy(processingJobs.status);
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0])) as Record<
    (typeof JOB_STATUSES)[number],
    number
  >;
  const [oldest] = await ctx.db
    .select({ createdAt: min(processingJobs.createdAt) })
    .from(processingJobs)
    .where(and(visibleJobs(ctx), sql`${processingJobs.status} in ('pending', 'retrying')`));
  return { counts, oldestWaitingSince: oldest?.createdAt ?? null };
}

export async function listJobs(ctx: TenantServiceContext, input: JobListInput) {
  const where = and(visibleJobs(ctx), input.status ? eq(processingJobs.status, input.status) : undefined);
  const items = await ctx.db
    .select({
      id: processingJobs.id,
      jobType: processingJobs.jobType,
      status: processingJobs.status,
      documentId: processingJobs.documentId,
      filename: documents.filename,
      retryCount: processingJobs.retryCount,
      maxRetries: processingJobs.maxRetries,
      attempts: sql<number>`jsonb_array_length(${processingJobs.attempts})`.mapWith(Number),
      retryable: sql<boolean>`(${processingJobs.documentId} is not null and ${processingJobs.jobType} in ('ingest', 'reprocess')
        and ${processingJobs.status} in ('failed', 'cancelled') and ${isLatestForDocument})`,
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

/** A job this member may see, or NOT_FOUND (another workspace's, or another uploader's for an editor). */
async function visibleJob(ctx: TenantServiceContext, id: string) {
  const [job] = await ctx.db
    .select({
      id: processingJobs.id,
      jobType: processingJobs.jobType,
      status: processingJobs.status,
      documentId: processingJobs.documentId,
      latest: sql<boolean>`${isLatestForDocument}`,
    })
    .from(processingJobs)
    .where(and(visibleJobs(ctx), eq(processingJobs.id, id)));
  return job ?? notFound('Job');
}

export async function cancelTenantJob(ctx: TenantServiceContext, { id }: { id: string }) {
  await visibleJob(ctx, id);
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

/**
 * Retry from the queue: a failed or cancelled document job, if it is that document's latest,
 * becomes a new reprocess job (the same action as Retry on the document).
 */
export async function retryJob(ctx: TenantServiceContext, { id }: { id: string }) {
  const job = await visibleJob(ctx, id);
  if (!job.documentId || (job.jobType !== 'ingest' && job.jobType !== 'reprocess')) {
    badRequest('Only the processing of a document can be retried here.');
  }
  if (job.status !== 'failed' && job.status !== 'cancelled') {
    badRequest(job.status === 'completed' ? 'This job completed; there is nothing to retry.' : 'This job has not finished yet.');
  }
  if (!job.latest) badRequest('This document has been processed again since; its newer job is in the queue.');
  return reprocessDocument(ctx, { id: job.documentId });
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
