import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { collections, documents } from '@/db/schema';
import { endingsText, FILE_TYPE_INFO, fileExtension } from '@/lib/file-types';
import { requireAccess } from '@/server/access/require';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { AppError, badRequest, notFound } from '@/server/shared/errors';
import { displayFilename } from './names';
import { removeDocument } from './remove';
import type { BulkDocumentsInput, UpdateDocumentInput } from './schema';
import { reprocessDocument } from './service';

/**
 * Renames a document and/or moves it to another collection. The new name must keep an ending of
 * the file's type (the upload check's rule: the name agrees with the content). Moving needs write
 * access to the document and to the collection it goes into, and is refused when that collection
 * already holds the same file. Audited with what changed.
 */
export async function updateDocument(ctx: TenantServiceContext, input: UpdateDocumentInput) {
  const [doc] = await ctx.db
    .select({
      id: documents.id,
      filename: documents.filename,
      fileType: documents.fileType,
      collectionId: documents.collectionId,
      checksum: documents.checksumSha256,
      tags: documents.tags,
    })
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, input.id), isNull(documents.deletedAt)));
  if (!doc) notFound('Document');
  await requireAccess(ctx, { resourceType: 'document', resourceId: doc.id }, 'write', 'rename, move or tag it');
  const changes: {
    filename?: { from: string; to: string };
    collection?: { from: string; to: string };
    tags?: { from: string[]; to: string[] };
  } = {};

  if (input.filename !== undefined) {
    const filename = displayFilename(input.filename);
    const info = FILE_TYPE_INFO[doc.fileType as keyof typeof FILE_TYPE_INFO];
    const ext = fileExtension(filename);
    if (info && !info.extensions.includes(ext)) {
      badRequest(
        `The name must end in ${endingsText(info.extensions)}: the file is ${info.content}${ext ? `, and .${ext} would say otherwise` : ''}.`,
      );
    }
    if (filename !== doc.filename) changes.filename = { from: doc.filename, to: filename };
  }

  if (input.collectionId !== undefined && input.collectionId !== doc.collectionId) {
    const [target] = await ctx.db
      .select({ id: collections.id, name: collections.name })
      .from(collections)
      .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, input.collectionId)));
    if (!target) notFound('Collection');
    await requireAccess(ctx, { resourceType: 'collection', resourceId: target.id }, 'write', 'move documents into it');
    const [same] = await ctx.db
      .select({ filename: documents.filename })
      .from(documents)
      .where(
        and(
          eq(documents.tenantId, ctx.tenantId),
          eq(documents.collectionId, target.id),
          eq(documents.checksumSha256, doc.checksum),
          ne(documents.id, doc.id),
          isNull(documents.deletedAt),
        ),
      )
      .limit(1);
    if (same) badRequest(`${target.name} already holds this file, as ${same.filename}.`);
    changes.collection = { from: doc.collectionId, to: target.id };
  }

  if (input.tags !== undefined && input.tags.join('\u0000') !== doc.tags.join('\u0000')) {
    changes.tags = { from: doc.tags, to: input.tags };
  }

  if (!changes.filename && !changes.collection && !changes.tags) return { id: doc.id };
  await ctx.db
    .update(documents)
    .set({
      ...(changes.filename ? { filename: changes.filename.to } : {}),
      ...(changes.collection ? { collectionId: changes.collection.to } : {}),
      ...(changes.tags ? { tags: changes.tags.to } : {}),
    })
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, doc.id)));
  await recordAudit(ctx, {
    action: changes.collection && !changes.filename && !changes.tags ? 'document.move' : 'document.update',
    resourceType: 'document',
    resourceId: doc.id,
    payload: changes,
  });
  return { id: doc.id };
}

/**
 * The same action on several documents, one at a time with the single-document rules: each one
 * refused (being processed, read-only for this user, gone, already in the target) is skipped with
 * its sentence, and the others are done. Only refusals (AppError, raised before anything is
 * written for that document) are skipped; anything else fails the whole request.
 */
export async function bulkDocuments(ctx: TenantServiceContext, input: BulkDocumentsInput) {
  const done: string[] = [];
  const skipped: Array<{ id: string; filename: string | null; reason: string }> = [];
  for (const id of new Set(input.ids)) {
    try {
      if (input.action === 'delete') await removeDocument(ctx, { id });
      else if (input.action === 'reprocess') await reprocessDocument(ctx, { id });
      else if (input.action === 'move') await updateDocument(ctx, { id, collectionId: input.collectionId });
      done.push(id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const [doc] = await ctx.db
        .select({ filename: documents.filename })
        .from(documents)
        .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, id)));
      skipped.push({ id, filename: doc?.filename ?? null, reason: error.message });
    }
  }
  return { done, skipped };
}
