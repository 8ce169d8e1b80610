import { z } from 'zod';
import { watchDocumentChanges } from '@/server/documents/changes';
import { bulkDocuments, updateDocument } from '@/server/documents/edit';
import { removeDocument } from '@/server/documents/remove';
import {
  bulkDocumentsInput,
  bulkDocumentsOutput,
  chunkListInput,
  chunkOutput,
  documentDetailOutput,
  documentListInput,
  documentOutput,
  statusStreamInput,
  updateDocumentInput,
  uploadSettingsOutput,
} from '@/server/documents/schema';
import { getDocument, listChunks, listDocuments, reprocessDocument } from '@/server/documents/service';
import { uploadSettings } from '@/server/documents/settings';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure, streamProcedure } from '../init';

const read = permissionProcedure('documents:read');
const write = permissionProcedure('documents:write');

export const documentsRouter = createTRPCRouter({
  /** What the upload route accepts in this workspace, shown before anything is sent. */
  uploadSettings: write.output(uploadSettingsOutput).query(({ ctx }) => uploadSettings(ctx.db)),

  list: read
    .input(documentListInput)
    .output(pageOf(documentOutput))
    .query(({ ctx, input }) => listDocuments(ctx.service, input)),

  get: read
    .input(idInput)
    .output(documentDetailOutput)
    .query(({ ctx, input }) => getDocument(ctx.service, input)),

  chunks: read
    .input(chunkListInput)
    .output(pageOf(chunkOutput))
    .query(({ ctx, input }) => listChunks(ctx.service, input)),

  /** Retry (a failed document) or reprocess (any): a new ingest job. */
  reprocess: write
    .input(idInput)
    .output(z.object({ jobId: z.uuid() }))
    .mutation(({ ctx, input }) => reprocessDocument(ctx.service, input)),

  /**
   * Status changes of the documents this user can see, as they happen (server-sent events):
   * each message is the list of documents that changed since the previous one.
   */
  onStatusChange: streamProcedure('documents:read')
    .input(statusStreamInput)
    .subscription(({ ctx, input, signal }) => watchDocumentChanges(ctx.inTenant, input?.since ?? new Date(), signal)),

  delete: write
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => removeDocument(ctx.service, input)),

  /** Rename (the ending must stay the file type's) and/or move to another collection. */
  update: write
    .input(updateDocumentInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => updateDocument(ctx.service, input)),

  /** Delete, reprocess or move several selected documents; each refusal is reported, the rest done. */
  bulk: write
    .input(bulkDocumentsInput)
    .output(bulkDocumentsOutput)
    .mutation(({ ctx, input }) => bulkDocuments(ctx.service, input)),
});
