import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { gdprRequests } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { JobError, type JobContext, type JobHandler } from '@/server/jobs/worker';
import { getStorage } from '@/server/storage';
import { buildSubjectExport, ExportSubjectMissing, type ExportProgress } from './build';

const payloadSchema = z.object({ requestId: z.uuid() });

/** Where a request's archive is kept: under the tenant's prefix, so a tenant purge removes it. */
export const exportStorageKey = (tenantId: string, requestId: string) => `${tenantId}/gdpr/${requestId}/export.zip`;

const EXPORT_TYPES = new Set(['access', 'portability']);

async function setRequestProgress(db: Db, tenantId: string, requestId: string, progress: ExportProgress) {
  await withTenant(
    { tenantId },
    (tx) =>
      tx
        .update(gdprRequests)
        .set({ progress })
        .where(and(eq(gdprRequests.tenantId, tenantId), eq(gdprRequests.id, requestId), eq(gdprRequests.status, 'processing'))),
    db,
  );
}

/**
 * `gdpr_export { requestId }`: builds the subject's archive, stores it under the tenant's prefix
 * and completes the request in one fenced transaction (only the worker still holding the job may).
 * Progress goes to both the job and the request. A request that is no longer processing (it was
 * cancelled, or already completed by an earlier run) is left as it is.
 */
async function run(ctx: JobContext) {
  const { job, db } = ctx;
  const parsed = payloadSchema.safeParse(job.payload);
  if (!parsed.success) throw new JobError('This export job names no request.');
  const { requestId } = parsed.data;
  const tenantId = job.tenantId;
  const [request] = await withTenant(
    { tenantId },
    (tx) =>
      tx
        .select({ type: gdprRequests.type, status: gdprRequests.status })
        .from(gdprRequests)
        .where(and(eq(gdprRequests.tenantId, tenantId), eq(gdprRequests.id, requestId))),
    db,
  );
  if (!request || request.status !== 'processing') return;
  if (!EXPORT_TYPES.has(request.type)) throw new JobError(`A ${request.type} request has no export to build.`);

  const report = async (p: ExportProgress) => {
    ctx.signal.throwIfAborted();
    await ctx.progress({ stage: p.step, percent: Math.round((100 * p.done) / Math.max(1, p.total)) });
    await setRequestProgress(db, tenantId, requestId, p);
  };
  let built;
  try {
    built = await buildSubjectExport(db, { tenantId, requestId }, report);
  } catch (error) {
    if (error instanceof ExportSubjectMissing) throw new JobError(error.message);
    throw error;
  }
  const key = exportStorageKey(tenantId, requestId);
  await getStorage()
    .put(key, built.zip)
    .catch((error: unknown) => {
      throw new JobError('The archive could not be stored. It will be tried again.', true, { cause: error });
    });
  const total = built.manifest.files.length;
  await withTenant(
    { tenantId },
    async (tx) => {
      await ctx.fence(tx);
      const [done] = await tx
        .update(gdprRequests)
        .set({
          status: 'completed',
          completedAt: new Date(),
          exportStorageKey: key,
          exportSha256: built.sha256,
          exportSizeBytes: built.zip.length,
          progress: { step: 'done', done: total, total },
          error: null,
        })
        .where(and(eq(gdprRequests.tenantId, tenantId), eq(gdprRequests.id, requestId), eq(gdprRequests.status, 'processing')))
        .returning({ id: gdprRequests.id });
      if (!done) return; // Cancelled while we worked.
      await writeAudit(tx, {
        tenantId,
        actorType: 'system',
        actorLabel: 'export job',
        action: 'gdpr.request.completed',
        resourceType: 'gdpr_request',
        resourceId: requestId,
        status: 'success',
        payload: { type: request.type, files: total, sizeBytes: built.zip.length, sha256: built.sha256 },
      });
    },
    db,
  );
}

/** Out of retries: the request goes back to approved with the reason, so an admin can try again. */
async function onFinalFailure(db: Db, job: { tenantId: string; payload: Record<string, unknown> }, message: string) {
  const parsed = payloadSchema.safeParse(job.payload);
  if (!parsed.success) return;
  const { requestId } = parsed.data;
  await withTenant(
    { tenantId: job.tenantId },
    async (tx) => {
      const [row] = await tx
        .update(gdprRequests)
        .set({ status: 'approved', error: message })
        .where(and(eq(gdprRequests.tenantId, job.tenantId), eq(gdprRequests.id, requestId), eq(gdprRequests.status, 'processing')))
        .returning({ id: gdprRequests.id });
      if (!row) return;
      await writeAudit(tx, {
        tenantId: job.tenantId,
        actorType: 'system',
        actorLabel: 'export job',
        action: 'gdpr.request.failed',
        resourceType: 'gdpr_request',
        resourceId: requestId,
        status: 'error',
        payload: { message },
      });
    },
    db,
  );
}

export const gdprExportHandler: JobHandler = { run, onFinalFailure };
