import { z } from 'zod';
import { DOCUMENT_STATUSES, FILE_TYPES, JOB_STATUSES, JOB_TYPES, VISIBILITIES } from '@/db/schema';
import { documentChangesSince, type DocumentChange } from '@/server/documents/changes';
import { removeDocument } from '@/server/documents/remove';
import { uploadSettings } from '@/server/documents/settings';
import { getDocument, listChunks, listDocuments, reprocessDocument } from '@/server/documents/service';
import { pageInput, pageOf, sortDirection } from '@/server/shared/pagination';
import { createTRPCRouter, permissionProcedure, streamProcedure } from '../init';
import { idInput } from './_schemas';

const jobSummary = z
  .object({
    id: z.uuid(),
    status: z.enum(JOB_STATUSES),
    stage: z.string().nullable(),
    percent: z.number().nullable(),
    error: z.string().nullable(),
  })
  .nullable();

const documentOutput = z.object({
  id: z.uuid(),
  filename: z.string(),
  collectionId: z.uuid(),
  collectionName: z.string(),
  collectionVisibility: z.enum(VISIBILITIES),
  fileType: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  status: z.enum(DOCUMENT_STATUSES),
  error: z.string().nullable(),
  pageCount: z.number().nullable(),
  chunkCount: z.number(),
  visibility: z.enum(VISIBILITIES),
  uploadedByEmail: z.string().nullable(),
  createdAt: z.date(),
  processedAt: z.date().nullable(),
  updatedAt: z.date(),
  job: jobSummary,
});

const attempt = z.object({
  n: z.number(),
  workerId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.string(),
  error: z.string().optional(),
});

const read = permissionProcedure('documents:read');
// How often the status stream looks for changes; one cheap indexed query per open page.
const POLL_MS = 1_500;
const write = permissionProcedure('documents:write');

export const documentsRouter = createTRPCRouter({
  /** What the upload route accepts in this workspace, shown before anything is sent. */
  uploadSettings: write
    .output(z.object({ allowedFileTypes: z.array(z.enum(FILE_TYPES)), maxFileSizeBytes: z.number() }))
    .query(({ ctx }) => uploadSettings(ctx.db)),
  list: read
    .input(
      z.object({
        search: z.string().trim().max(200).optional(),
        status: z.enum(DOCUMENT_STATUSES).optional(),
        collectionId: z.uuid().optional(),
        fileType: z.enum(FILE_TYPES).optional(),
        sort: z.enum(['name', 'created', 'size', 'status', 'processed']).default('created'),
        dir: sortDirection,
        ...pageInput,
      }),
    )
    .output(pageOf(documentOutput))
    .query(({ ctx, input }) => listDocuments(ctx.service, input)),

  get: read
    .input(idInput)
    .output(
      documentOutput.extend({
        checksumSha256: z.string(),
        metadata: z.record(z.string(), z.unknown()),
        jobs: z.array(
          z.object({
            id: z.uuid(),
            jobType: z.enum(JOB_TYPES),
            status: z.enum(JOB_STATUSES),
            retryCount: z.number(),
            maxRetries: z.number(),
            progress: z.object({ stage: z.string().optional(), percent: z.number().optional(), message: z.string().optional() }),
            attempts: z.array(attempt),
            errorMessage: z.string().nullable(),
            runAfter: z.date(),
            createdAt: z.date(),
            startedAt: z.date().nullable(),
            completedAt: z.date().nullable(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => getDocument(ctx.service, input.id)),

  chunks: read
    .input(
      z.object({
        documentId: z.uuid(),
        search: z.string().trim().max(200).optional(),
        pageNumber: z.number().int().min(1).optional(),
        ...pageInput,
      }),
    )
    .output(
      pageOf(
        z.object({
          id: z.uuid(),
          chunkIndex: z.number(),
          content: z.string(),
          tokenCount: z.number(),
          pageFrom: z.number().nullable(),
          pageTo: z.number().nullable(),
          section: z.string().nullable(),
          charStart: z.number(),
          charEnd: z.number(),
        }),
      ),
    )
    .query(({ ctx, input }) => listChunks(ctx.service, input)),

  /** Retry (a failed document) or reprocess (any): a new ingest job. */
  reprocess: write.input(idInput).output(z.object({ jobId: z.uuid() })).mutation(({ ctx, input }) => reprocessDocument(ctx.service, input.id)),

  /**
   * Status changes of the documents this user can see, as they happen (server-sent events):
   * each message is the list of documents that changed since the previous one.
   */
  onStatusChange: streamProcedure('documents:read')
    .input(z.object({ since: z.date().optional() }).optional())
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<DocumentChange[]> {
      let since = input?.since ?? new Date();
      while (!signal?.aborted) {
        const { items, latest } = await ctx.inTenant((service) => documentChangesSince(service, since));
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
    }),

  delete: write.input(idInput).output(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => removeDocument(ctx.service, input.id)),
});
