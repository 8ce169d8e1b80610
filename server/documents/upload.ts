import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { collections, documents, VISIBILITIES } from '@/db/schema';
import { requireAccess } from '@/server/access/require';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { enqueueJob } from '@/server/jobs/queue';
import { pokeWorker } from '@/server/jobs/runtime';
import { getStorage } from '@/server/storage';
import { recordUsage, usageSubject } from '@/server/usage/meter';
import { reserveIngestion } from '@/server/usage/quota';
import { formatBytes } from '@/lib/format';
import { AppError, type AppErrorCode } from '@/server/shared/errors';
import { sniffFileType } from './extract';
import { displayFilename, storageSafeName } from './names';
import { removeDocument } from './remove';
import type { UploadSettings } from './settings';

export type DuplicateChoice = 'ask' | 'skip' | 'replace';

export type UploadInput = {
  collectionId: string;
  filename: string;
  bytes: Uint8Array;
  onDuplicate: DuplicateChoice;
  visibility?: (typeof VISIBILITIES)[number];
};

export type UploadResult =
  | { status: 'created'; documentId: string; jobId: string; replaced: string | null }
  | { status: 'duplicate' | 'skipped'; existing: { id: string; filename: string } };

function refuse(code: AppErrorCode, message: string): never {
  throw new AppError(code, message);
}

/**
 * Checks an upload before anything is stored (collection, size, type by content,
 * duplicate), then stores the file and writes the document, its ingest job, the usage counters
 * and the audit entry in the caller's tenant transaction, with the tenant's quotas locked.
 */
export async function uploadDocument(ctx: TenantServiceContext, settings: UploadSettings, input: UploadInput): Promise<UploadResult> {
  const filename = displayFilename(input.filename);
  const [collection] = await ctx.db
    .select({ id: collections.id })
    .from(collections)
    .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, input.collectionId)));
  if (!collection) refuse('NOT_FOUND', 'That collection was not found.');
  await requireAccess(ctx, { resourceType: 'collection', resourceId: input.collectionId }, 'write', 'upload into it');
  if (input.bytes.length === 0) refuse('BAD_REQUEST', 'The file is empty.');
  if (input.bytes.length > settings.maxFileSizeBytes) {
    refuse(
      'PAYLOAD_TOO_LARGE',
      `The file is ${formatBytes(input.bytes.length)}; this workspace accepts files up to ${formatBytes(settings.maxFileSizeBytes)}.`,
    );
  }
  const sniffed = await sniffFileType(input.bytes, filename);
  if ('error' in sniffed) refuse('UNSUPPORTED_MEDIA_TYPE', sniffed.error);
  if (!settings.allowedFileTypes.includes(sniffed.fileType)) {
    refuse(
      'UNSUPPORTED_MEDIA_TYPE',
      `${sniffed.fileType.toUpperCase()} files are not allowed in this workspace. Allowed: ${settings.allowedFileTypes.map((t) => t.toUpperCase()).join(', ')}.`,
    );
  }
  const checksum = createHash('sha256').update(input.bytes).digest('hex');
  const [existing] = await ctx.db
    .select({ id: documents.id, filename: documents.filename })
    .from(documents)
    .where(
      and(
        eq(documents.tenantId, ctx.tenantId),
        eq(documents.collectionId, input.collectionId),
        eq(documents.checksumSha256, checksum),
        isNull(documents.deletedAt),
      ),
    )
    .limit(1);
  let replaced: string | null = null;
  if (existing) {
    if (input.onDuplicate === 'ask') return { status: 'duplicate', existing };
    if (input.onDuplicate === 'skip') return { status: 'skipped', existing };
    await removeDocument(ctx, { id: existing.id }, 'replaced');
    replaced = existing.id;
  }

  await reserveIngestion(ctx.db, ctx.tenantId, input.bytes.length);
  const documentId = randomUUID();
  const storageKey = `${ctx.tenantId}/documents/${documentId}/${storageSafeName(filename)}`;
  const storage = getStorage();
  await storage.put(storageKey, input.bytes);
  try {
    await ctx.db.insert(documents).values({
      id: documentId,
      tenantId: ctx.tenantId,
      collectionId: input.collectionId,
      uploadedBy: ctx.userId,
      filename,
      storageKey,
      mimeType: sniffed.mimeType,
      fileType: sniffed.fileType,
      sizeBytes: input.bytes.length,
      checksumSha256: checksum,
      visibility: input.visibility ?? 'tenant',
      status: 'uploaded',
    });
    const job = await enqueueJob(ctx.db, { tenantId: ctx.tenantId, jobType: 'ingest', documentId, maxRetries: 3 });
    await recordUsage(ctx.db, { ...usageSubject(ctx), kind: 'ingestion', ingestions: 1, storageBytes: input.bytes.length });
    await recordAudit(ctx, {
      action: 'document.upload',
      resourceType: 'document',
      resourceId: documentId,
      payload: { filename, fileType: sniffed.fileType, sizeBytes: input.bytes.length, collectionId: input.collectionId, replaced },
    });
    // The in-server worker looks at the queue now rather than at its next poll.
    ctx.afterCommit(pokeWorker);
    return { status: 'created', documentId, jobId: job.id, replaced };
  } catch (error) {
    // The transaction rolls back: the stored file must not outlive it.
    await storage.remove(storageKey).catch(() => {});
    throw error;
  }
}
