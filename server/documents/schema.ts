import { z } from 'zod';
import { DOCUMENT_STATUSES, FILE_TYPES, JOB_STATUSES, JOB_TYPES, VISIBILITIES } from '@/lib/enums';
import { ACCESS_LEVELS } from '@/lib/access';
import { pageInput, sortDirection } from '@/server/shared/pagination';

/**
 * The documents domain's contracts: what its procedures take and return. The router declares
 * them as `.input()`/`.output()`, the domain functions are typed by them, and the browser reads
 * the inferred types; one definition each.
 */

export const jobSummary = z
  .object({
    id: z.uuid(),
    status: z.enum(JOB_STATUSES),
    stage: z.string().nullable(),
    percent: z.number().nullable(),
    error: z.string().nullable(),
    /** Attempts made so far, and at most (the first run plus its retries): "Attempts 4 of 4". */
    attempts: z.number(),
    maxAttempts: z.number(),
  })
  .nullable();

export const documentOutput = z.object({
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
  tags: z.array(z.string()),
  /** The user's own grant level on it (its collection's counts; uploader and users:manage are admin), null without one. */
  myLevel: z.enum(ACCESS_LEVELS).nullable(),
  uploadedByEmail: z.string().nullable(),
  createdAt: z.date(),
  processedAt: z.date().nullable(),
  updatedAt: z.date(),
  job: jobSummary,
});

export const documentListInput = z.object({
  search: z.string().trim().max(200).optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  collectionId: z.uuid().optional(),
  fileType: z.enum(FILE_TYPES).optional(),
  tag: z.string().trim().toLowerCase().max(40).optional(),
  sort: z.enum(['name', 'created', 'size', 'status', 'processed']).default('created'),
  dir: sortDirection,
  ...pageInput,
});
export type DocumentListInput = z.infer<typeof documentListInput>;

const attempt = z.object({
  n: z.number(),
  workerId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.string(),
  error: z.string().optional(),
});

export const documentDetailOutput = documentOutput.extend({
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
});

export const chunkListInput = z.object({
  documentId: z.uuid(),
  search: z.string().trim().max(200).optional(),
  pageNumber: z.number().int().min(1).optional(),
  ...pageInput,
});
export type ChunkListInput = z.infer<typeof chunkListInput>;

export const chunkOutput = z.object({
  id: z.uuid(),
  chunkIndex: z.number(),
  content: z.string(),
  tokenCount: z.number(),
  pageFrom: z.number().nullable(),
  pageTo: z.number().nullable(),
  section: z.string().nullable(),
  charStart: z.number(),
  charEnd: z.number(),
});

/** An update names at least one change (the console's dialog and the API alike). */
export const somethingToChange: [(v: { filename?: string; collectionId?: string; tags?: string[] }) => boolean, string] = [
  (v) => v.filename !== undefined || v.collectionId !== undefined || v.tags !== undefined,
  'Nothing to change: give a new name, a collection or tags.',
];

export const updateDocumentInput = z
  .object({
    id: z.uuid(),
    filename: z.string().trim().min(1, 'Give the document a name.').max(255, 'The name can be at most 255 characters.').optional(),
    collectionId: z.uuid('Choose a collection.').optional(),
    /** The whole new set of tags; each is trimmed and lowercased, duplicates dropped. */
    tags: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .min(1, 'A tag cannot be empty.')
          .max(40, 'A tag can be at most 40 characters.')
          .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'A tag is letters, digits, spaces, dots, dashes or underscores.'),
      )
      .max(20, 'A document can have at most 20 tags.')
      .transform((tags) => [...new Set(tags)])
      .optional(),
  })
  .refine(...somethingToChange);
export type UpdateDocumentInput = z.infer<typeof updateDocumentInput>;

/** Several documents at once: delete, reprocess, or move into one collection. */
export const bulkDocumentsInput = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['delete', 'reprocess']), ids: z.array(z.uuid()).min(1, 'Select at least one document.').max(100) }),
  z.object({
    action: z.literal('move'),
    ids: z.array(z.uuid()).min(1, 'Select at least one document.').max(100),
    collectionId: z.uuid('Choose a collection.'),
  }),
]);
export type BulkDocumentsInput = z.infer<typeof bulkDocumentsInput>;

export const bulkDocumentsOutput = z.object({
  done: z.array(z.uuid()),
  /** Those left as they were, each with the sentence why (being processed, read-only, gone…). */
  skipped: z.array(z.object({ id: z.uuid(), filename: z.string().nullable(), reason: z.string() })),
});

export const uploadSettingsOutput = z.object({ allowedFileTypes: z.array(z.enum(FILE_TYPES)), maxFileSizeBytes: z.number() });

export const statusStreamInput = z.object({ since: z.date().optional() }).optional();
