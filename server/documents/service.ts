import 'server-only';
import { and, asc, count, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { collections, documentChunks, documents, processingJobs, users, JOB_STATUSES } from '@/db/schema';
import { documentLevel, requireAccess } from '@/server/access/require';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { enqueueJob } from '@/server/jobs/queue';
import { badRequest, notFound } from '@/server/shared/errors';
import { afterInteger, beforeTimestamp, keysetPage, micros, type Keyset } from '@/server/shared/keyset';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import type { ChunkListInput, DocumentListInput } from './schema';

const SORTS: Record<DocumentListInput['sort'], SQL> = {
  name: sql`lower(${documents.filename})`,
  created: sql`${documents.createdAt}`,
  size: sql`${documents.sizeBytes}`,
  status: sql`${documents.status}`,
  processed: sql`${documents.processedAt}`,
};

/** The latest job of each listed document, for its progress bar. */
const latestJob = sql<{
  id: string;
  status: (typeof JOB_STATUSES)[number];
  stage: string | null;
  percent: number | null;
  error: string | null;
  attempts: number;
  maxAttempts: number;
} | null>`(
  select json_build_object('id', j.id, 'status', j.status, 'stage', j.progress->>'stage', 'percent', (j.progress->>'percent')::int, 'error', j.error_message,
    'attempts', jsonb_array_length(j.attempts), 'maxAttempts', j.max_retries + 1)
  from processing_jobs j where j.tenant_id = documents.tenant_id and j.document_id = documents.id
  order by j.created_at desc limit 1)`;

const listColumns = {
  id: documents.id,
  filename: documents.filename,
  collectionId: documents.collectionId,
  collectionName: collections.name,
  collectionVisibility: collections.visibility,
  fileType: documents.fileType,
  mimeType: documents.mimeType,
  sizeBytes: documents.sizeBytes,
  status: documents.status,
  error: documents.error,
  pageCount: documents.pageCount,
  chunkCount: documents.chunkCount,
  visibility: documents.visibility,
  tags: documents.tags,
  myLevel: documentLevel(documents.id),
  uploadedByEmail: users.email,
  createdAt: documents.createdAt,
  processedAt: documents.processedAt,
  updatedAt: documents.updatedAt,
  job: latestJob,
};

/** The filters of a documents list, under RLS: search, status, collection, file type, tag. */
function documentFilters(
  ctx: TenantServiceContext,
  input: Pick<DocumentListInput, 'search' | 'status' | 'collectionId' | 'fileType' | 'tag'>,
) {
  const filters: SQL[] = [eq(documents.tenantId, ctx.tenantId), isNull(documents.deletedAt)];
  const search = input.search?.trim();
  if (search) {
    // By file name, by the title the file carries, and by what it says (its chunks' full text,
    // under the same RLS as the documents: a restricted chunk never makes a match).
    filters.push(
      or(
        ilike(documents.filename, likePattern(search)),
        sql`exists (select 1 from unnest(${documents.tags}) t where t ilike ${likePattern(search)})`,
        sql`${documents.metadata}->>'title' ilike ${likePattern(search)}`,
        sql`exists (select 1 from ${documentChunks} c where c.tenant_id = ${documents.tenantId} and c.document_id = ${documents.id}
          and c.search @@ websearch_to_tsquery('english', ${search}))`,
      )!,
    );
  }
  if (input.status) filters.push(eq(documents.status, input.status));
  if (input.collectionId) filters.push(eq(documents.collectionId, input.collectionId));
  if (input.fileType) filters.push(eq(documents.fileType, input.fileType));
  if (input.tag) filters.push(sql`${documents.tags} @> array[${input.tag}]::text[]`);
  return filters;
}

export async function listDocuments(ctx: TenantServiceContext, input: DocumentListInput) {
  const filters = documentFilters(ctx, input);
  const where = and(...filters);
  const direction = input.dir === 'asc' ? sql`asc nulls first` : sql`desc nulls last`;
  const items = await ctx.db
    .select(listColumns)
    .from(documents)
    .innerJoin(collections, and(eq(collections.tenantId, documents.tenantId), eq(collections.id, documents.collectionId)))
    .leftJoin(users, and(eq(users.tenantId, documents.tenantId), eq(users.id, documents.uploadedBy)))
    .where(where)
    .orderBy(sql`${SORTS[input.sort]} ${direction}`, desc(documents.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(documents).where(where);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

export type DocumentListFilters = Pick<DocumentListInput, 'search' | 'status' | 'collectionId' | 'fileType' | 'tag'>;

/** One page of the documents the user can see, newest first, after `after` (the public API's cursor). */
export async function listDocumentsPage(ctx: TenantServiceContext, input: DocumentListFilters & { limit: number; after: Keyset | null }) {
  const rows = await ctx.db
    .select({ ...listColumns, sortKey: micros(documents.createdAt) })
    .from(documents)
    .innerJoin(collections, and(eq(collections.tenantId, documents.tenantId), eq(collections.id, documents.collectionId)))
    .leftJoin(users, and(eq(users.tenantId, documents.tenantId), eq(users.id, documents.uploadedBy)))
    .where(and(...documentFilters(ctx, input), beforeTimestamp(documents.createdAt, documents.id, input.after)))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (row) => row.sortKey);
}

export async function getDocument(ctx: TenantServiceContext, { id }: { id: string }) {
  const [doc] = await ctx.db
    .select({ ...listColumns, storageKey: documents.storageKey, checksumSha256: documents.checksumSha256, metadata: documents.metadata })
    .from(documents)
    .innerJoin(collections, and(eq(collections.tenantId, documents.tenantId), eq(collections.id, documents.collectionId)))
    .leftJoin(users, and(eq(users.tenantId, documents.tenantId), eq(users.id, documents.uploadedBy)))
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, id), isNull(documents.deletedAt)));
  if (!doc) notFound('Document');
  const jobs = await ctx.db
    .select({
      id: processingJobs.id,
      jobType: processingJobs.jobType,
      status: processingJobs.status,
      retryCount: processingJobs.retryCount,
      maxRetries: processingJobs.maxRetries,
      progress: processingJobs.progress,
      attempts: processingJobs.attempts,
      errorMessage: processingJobs.errorMessage,
      runAfter: processingJobs.runAfter,
      createdAt: processingJobs.createdAt,
      startedAt: processingJobs.startedAt,
      completedAt: processingJobs.completedAt,
    })
    .from(processingJobs)
    .where(and(eq(processingJobs.tenantId, ctx.tenantId), eq(processingJobs.documentId, id)))
    .orderBy(desc(processingJobs.createdAt));
  const { storageKey: _key, ...rest } = doc;
  return { ...rest, jobs };
}

const chunkColumns = {
  id: documentChunks.id,
  chunkIndex: documentChunks.chunkIndex,
  content: documentChunks.content,
  tokenCount: documentChunks.tokenCount,
  pageFrom: documentChunks.pageFrom,
  pageTo: documentChunks.pageTo,
  section: documentChunks.section,
  charStart: documentChunks.charStart,
  charEnd: documentChunks.charEnd,
};

export async function listChunks(ctx: TenantServiceContext, input: ChunkListInput) {
  await getDocument(ctx, { id: input.documentId });
  const filters: SQL[] = [eq(documentChunks.tenantId, ctx.tenantId), eq(documentChunks.documentId, input.documentId)];
  if (input.search?.trim()) filters.push(ilike(documentChunks.content, likePattern(input.search.trim())));
  if (input.pageNumber) {
    filters.push(sql`${documentChunks.pageFrom} <= ${input.pageNumber} and ${documentChunks.pageTo} >= ${input.pageNumber}`);
  }
  const where = and(...filters);
  const items = await ctx.db
    .select(chunkColumns)
    .from(documentChunks)
    .where(where)
    .orderBy(asc(documentChunks.chunkIndex))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(documentChunks).where(where);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

/** One page of a document's chunks in reading order, after `after` (the public API's cursor); NOT_FOUND as getDocument. */
export async function listChunksPage(ctx: TenantServiceContext, input: { documentId: string; limit: number; after: Keyset | null }) {
  await getDocument(ctx, { id: input.documentId });
  const rows = await ctx.db
    .select(chunkColumns)
    .from(documentChunks)
    .where(
      and(
        eq(documentChunks.tenantId, ctx.tenantId),
        eq(documentChunks.documentId, input.documentId),
        afterInteger(documentChunks.chunkIndex, documentChunks.id, input.after),
      ),
    )
    .orderBy(asc(documentChunks.chunkIndex), asc(documentChunks.id))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (row) => String(row.chunkIndex));
}

/** Runs the pipeline again (Retry on a failed document, or Reprocess on any): a new job, audited. */
export async function reprocessDocument(ctx: TenantServiceContext, { id }: { id: string }) {
  const doc = await getDocument(ctx, { id });
  await requireAccess(ctx, { resourceType: 'document', resourceId: id }, 'write', 'reprocess it');
  if (doc.jobs.some((j) => ['pending', 'processing', 'retrying'].includes(j.status))) {
    badRequest('This document is already being processed.');
  }
  await ctx.db
    .update(documents)
    .set({ status: 'uploaded', error: null })
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, id)));
  const job = await enqueueJob(ctx.db, { tenantId: ctx.tenantId, jobType: 'reprocess', documentId: id, maxRetries: 3 });
  await recordAudit(ctx, {
    action: 'document.reprocess',
    resourceType: 'document',
    resourceId: id,
    payload: { filename: doc.filename, previousStatus: doc.status },
  });
  return { jobId: job.id };
}
