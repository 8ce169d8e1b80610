import 'server-only';
import { and, eq } from 'drizzle-orm';
import { documents, processingJobs } from '@/db/schema';
import { requireAccess } from '@/server/access/require';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { notFound } from '@/server/shared/errors';
import { getStorage } from '@/server/storage';
import { recordUsage, usageSubject } from '@/server/usage/meter';

/**
 * Deletes a document with its chunks (ON DELETE CASCADE), its jobs and its stored file; audited,
 * and metered as a storage change of minus its size (a replacement's new file counts on upload).
 * The file goes once the rows' deletion has committed (a rolled-back request, say a replacement
 * refused by the quota, keeps it); a crash in between leaves only an orphan file under the
 * tenant's prefix, which the tenant purge also removes.
 */
export async function removeDocument(ctx: TenantServiceContext, { id }: { id: string }, reason: 'deleted' | 'replaced' = 'deleted') {
  const [doc] = await ctx.db
    .select({ id: documents.id, filename: documents.filename, storageKey: documents.storageKey, sizeBytes: documents.sizeBytes })
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, id)));
  if (!doc) notFound('Document');
  await requireAccess(ctx, { resourceType: 'document', resourceId: id }, 'write', reason === 'replaced' ? 'replace it' : 'delete it');
  await ctx.db.delete(processingJobs).where(and(eq(processingJobs.tenantId, ctx.tenantId), eq(processingJobs.documentId, id)));
  await ctx.db.delete(documents).where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, id)));
  await recordUsage(ctx.db, { ...usageSubject(ctx), kind: 'storage', storageBytes: -doc.sizeBytes });
  await recordAudit(ctx, {
    action: reason === 'replaced' ? 'document.replace' : 'document.delete',
    resourceType: 'document',
    resourceId: id,
    payload: { filename: doc.filename },
  });
  ctx.afterCommit(() =>
    getStorage()
      .remove(doc.storageKey)
      .catch(() => {}),
  );
  return { id };
}
