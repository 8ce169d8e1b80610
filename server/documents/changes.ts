import 'server-only';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { documents, processingJobs } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';

export type DocumentChange = {
  id: string;
  status: 'uploaded' | 'processing' | 'completed' | 'failed';
  error: string | null;
  chunkCount: number;
  pageCount: number | null;
  job: { id: string; status: string; stage: string | null; percent: number | null; attempts: number; maxAttempts: number } | null;
  updatedAt: Date;
};

/**
 * Documents whose row or latest job changed after `since` (visible to this user: RLS applies),
 * and the newest change time, to poll from next.
 */
export async function documentChangesSince(ctx: TenantServiceContext, since: Date) {
  const changed = await ctx.db
    .select({
      id: documents.id,
      status: documents.status,
      error: documents.error,
      chunkCount: documents.chunkCount,
      pageCount: documents.pageCount,
      documentUpdatedAt: documents.updatedAt,
      job: sql<(DocumentChange['job'] & { updatedAt: string }) | null>`(
        select json_build_object('id', j.id, 'status', j.status, 'stage', j.progress->>'stage',
          'percent', (j.progress->>'percent')::int, 'updatedAt', j.updated_at,
          'attempts', jsonb_array_length(j.attempts), 'maxAttempts', j.max_retries + 1)
        from processing_jobs j where j.tenant_id = documents.tenant_id and j.document_id = documents.id
        order by j.created_at desc limit 1)`,
    })
    .from(documents)
    .where(
      and(
        eq(documents.tenantId, ctx.tenantId),
        isNull(documents.deletedAt),
        or(
          gt(documents.updatedAt, since),
          sql`exists (select 1 from ${processingJobs} j where j.tenant_id = ${documents.tenantId} and j.document_id = ${documents.id} and j.updated_at > ${since.toISOString()})`,
        ),
      ),
    )
    .limit(200);
  let latest = since;
  const items: DocumentChange[] = changed.map((row) => {
    const jobUpdated = row.job ? new Date(row.job.updatedAt) : null;
    const updatedAt = jobUpdated && jobUpdated > row.documentUpdatedAt ? jobUpdated : row.documentUpdatedAt;
    if (updatedAt > latest) latest = updatedAt;
    const job = row.job
      ? {
          id: row.job.id,
          status: row.job.status,
          stage: row.job.stage,
          percent: row.job.percent,
          attempts: row.job.attempts,
          maxAttempts: row.job.maxAttempts,
        }
      : null;
    return { id: row.id, status: row.status, error: row.error, chunkCount: row.chunkCount, pageCount: row.pageCount, job, updatedAt };
  });
  return { items, latest };
}

/** How often the status stream looks for changes; one cheap indexed query per open page. */
const POLL_MS = 1_500;

/**
 * The status stream of the documents page: each message is the list of documents that changed
 * since the previous one. One short tenant transaction per look (`inTenant`), none held between.
 */
export async function* watchDocumentChanges(
  inTenant: <T>(fn: (ctx: TenantServiceContext) => Promise<T>) => Promise<T>,
  from: Date,
  signal: AbortSignal | undefined,
): AsyncGenerator<DocumentChange[]> {
  let since = from;
  while (!signal?.aborted) {
    const { items, latest } = await inTenant((ctx) => documentChangesSince(ctx, since));
    if (items.length > 0) {
      since = latest;
      yield items;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
