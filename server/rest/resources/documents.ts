import 'server-only';
import { z } from 'zod';
import { DOCUMENT_STATUSES, JOB_STATUSES } from '@/lib/enums';
import { formatBytes } from '@/lib/format';
import { somethingToChange, updateDocumentInput } from '@/server/documents/schema';
import { updateDocument } from '@/server/documents/edit';
import { getDocument, listChunksPage, listDocumentsPage, reprocessDocument } from '@/server/documents/service';
import { removeDocument } from '@/server/documents/remove';
import { uploadSettings } from '@/server/documents/settings';
import { uploadWithDefaults } from '@/server/documents/upload-defaults';
import { MULTIPART_SLACK } from '@/server/documents/upload-request';
import { recordRefusal } from '@/server/usage/reserve';
import { refusedLimit } from '@/server/usage/quota';
import { decodeCursor, pageBody } from '../cursor';
import { defineEndpoint, jsonBody, multipartBody, reply } from '../endpoint';
import { RestError } from '../errors';
import { dateTime, idParam, pageOf, pageQuery, queryBoolean } from '../schema';

const processingSchema = z
  .object({
    status: z.enum(JOB_STATUSES),
    stage: z.string().nullable().meta({ description: 'extract, ocr, chunk, embed or index while it runs.' }),
    percent: z.number().nullable(),
    attempts: z.number().int().meta({ description: 'Attempts made so far (the first run and its retries).' }),
    maxAttempts: z.number().int(),
  })
  .nullable()
  .meta({ description: 'The latest processing job, null before one exists.' });

export const documentSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    collectionId: z.uuid(),
    status: z.enum(DOCUMENT_STATUSES).meta({
      description:
        '`uploaded` (queued) → `processing` → `completed` (searchable; chat cites it) or `failed` (see failureReason). Poll GET /documents/{id} until it is one of the last two.',
    }),
    failureReason: z.string().nullable().meta({ description: 'Why processing failed, in a sentence; null unless failed.' }),
    restricted: z.boolean().meta({ description: 'Visible only to its uploader, people granted access, and those who manage users.' }),
    fileType: z.string().meta({ description: 'The type found in the content (pdf, docx, txt…), not the name.' }),
    mimeType: z.string(),
    sizeBytes: z.number().int(),
    pageCount: z.number().int().nullable(),
    chunkCount: z.number().int(),
    tags: z.array(z.string()),
    processing: processingSchema,
    createdAt: dateTime,
    processedAt: dateTime.nullable(),
    updatedAt: dateTime,
  })
  .meta({
    id: 'Document',
    description: 'An uploaded file and where its processing stands.',
    examples: [
      {
        id: '5b0c1f9e-2f4a-4c1e-9d3b-7a8e6f5d4c3b',
        filename: 'travel-policy.pdf',
        collectionId: '0f8e7d6c-5b4a-4938-8271-605f4e3d2c1b',
        status: 'processing',
        failureReason: null,
        restricted: false,
        fileType: 'pdf',
        mimeType: 'application/pdf',
        sizeBytes: 482133,
        pageCount: 12,
        chunkCount: 0,
        tags: ['policy', 'travel'],
        processing: { status: 'processing', stage: 'embed', percent: 60, attempts: 1, maxAttempts: 4 },
        createdAt: '2026-12-02T09:30:00.000Z',
        processedAt: null,
        updatedAt: '2026-12-02T09:30:04.000Z',
      },
    ],
  });

type DocumentRow = Awaited<ReturnType<typeof getDocument>>;

/** The console's document row as the API shows it. */
function toApiDocument(
  row: Pick<DocumentRow, Exclude<keyof DocumentRow, 'jobs' | 'metadata' | 'checksumSha256'>>,
): z.output<typeof documentSchema> {
  return {
    ...row,
    failureReason: row.status === 'failed' ? (row.error ?? row.job?.error ?? 'Processing failed.') : null,
    restricted: row.visibility === 'restricted',
    processing: row.job
      ? {
          status: row.job.status,
          stage: row.job.stage,
          percent: row.job.percent,
          attempts: row.job.attempts,
          maxAttempts: row.job.maxAttempts,
        }
      : null,
  };
}

export const chunkSchema = z
  .object({
    id: z.uuid(),
    index: z.number().int().meta({ description: 'Position in the document, from 0.' }),
    text: z.string(),
    tokenCount: z.number().int(),
    pageFrom: z.number().int().nullable(),
    pageTo: z.number().int().nullable(),
    section: z.string().nullable().meta({ description: 'The heading it falls under, if any.' }),
    charStart: z.number().int().meta({ description: "Offsets in the document's extracted text." }),
    charEnd: z.number().int(),
  })
  .meta({
    id: 'Chunk',
    description: 'A passage of a processed document, as retrieval and citations use it.',
    examples: [
      {
        id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        index: 3,
        text: 'Economy class is booked for flights under six hours.',
        tokenCount: 11,
        pageFrom: 2,
        pageTo: 2,
        section: 'Flights',
        charStart: 1804,
        charEnd: 1856,
      },
    ],
  });

const tags = updateDocumentInput.shape.tags.unwrap();

/** The upload form. A repeated `tags` field, or one field with commas, both work. */
const uploadFormSchema = z.object({
  file: z.file({ error: 'Send the file in the form field `file`.' }).meta({ description: 'The file; its type is found from its content.' }),
  collectionId: z
    .uuid('Not a valid collection id.')
    .optional()
    .meta({ description: "Where to put it; the workspace's default collection when absent." }),
  restricted: queryBoolean.optional().meta({ description: 'true: visible only to the key’s creator and people granted access.' }),
  tags: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) =>
      [value ?? []]
        .flat()
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(tags)
    .meta({ description: 'Up to 20 tags: letters, digits, spaces, `._-`; repeat the field or separate with commas.' }),
  onDuplicate: z.enum(['reject', 'skip', 'replace']).default('reject').meta({
    description:
      'When the collection already holds the same bytes: `reject` (409 duplicate_document), `skip` (200 with the existing document) or `replace` it.',
  }),
});

const { id: _id, ...updatable } = updateDocumentInput.shape;
const updateBody = z.object(updatable).refine(...somethingToChange);

const TAGS: [string] = ['Documents'];

const location = (origin: string, id: string) => ({ location: `${origin}/api/v1/documents/${id}` });

export const documentEndpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/documents',
    operationId: 'listDocuments',
    summary: 'List documents',
    description: 'The documents this key can see, newest first. Restricted documents the key’s creator may not open are left out.',
    tags: TAGS,
    scope: 'documents:read',
    query: z.object({
      ...pageQuery,
      status: z.enum(DOCUMENT_STATUSES).optional(),
      collectionId: z.uuid('Not a valid collection id.').optional(),
      q: z.string().trim().max(200).optional().meta({ description: 'Matches the name, title, tags and the text.' }),
      tag: z.string().trim().toLowerCase().max(40).optional(),
    }),
    responses: { 200: { description: 'A page of documents.', schema: pageOf(documentSchema) } },
    handler: async ({ query, ctx }) => {
      const page = await ctx.run((s) =>
        listDocumentsPage(s, {
          limit: query.limit,
          after: decodeCursor(query.cursor),
          status: query.status,
          collectionId: query.collectionId,
          search: query.q,
          tag: query.tag,
        }),
      );
      return reply(200, pageBody({ items: page.items.map(toApiDocument), next: page.next }));
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/documents',
    operationId: 'uploadDocument',
    summary: 'Upload a document',
    description:
      'One file per request, checked as in the console before anything is stored: write access to the collection, size (the workspace’s limit), type by content (the name must agree), duplicates, storage and uploads-per-day quotas. Answers 202 while it is processed in the background: poll GET /documents/{id} until `status` is `completed` or `failed`.',
    tags: TAGS,
    scope: 'documents:write',
    action: 'document.upload',
    idempotent: true,
    body: multipartBody(uploadFormSchema, {
      maxBytes: async (ctx) => (await ctx.run((s) => uploadSettings(s.db))).maxFileSizeBytes + MULTIPART_SLACK,
      tooLarge: (max) => `The file is larger than this workspace's limit of ${formatBytes(max - MULTIPART_SLACK)}.`,
    }),
    responses: {
      202: {
        description: 'Stored and queued for processing.',
        schema: documentSchema,
        headers: { Location: { description: 'The document, to poll.' } },
      },
      200: { description: 'With onDuplicate=skip: the same file was already there; this is it.', schema: documentSchema },
    },
    errors: ['duplicate_document', 'bad_request', 'forbidden', 'quota_exceeded', 'storage_quota_exceeded'],
    handler: async ({ body, ctx }) => {
      const settings = await ctx.run((s) => uploadSettings(s.db));
      const bytes = new Uint8Array(await body.file.arrayBuffer());
      const done = await ctx
        .run(
          async (s) => {
            const result = await uploadWithDefaults(s, settings, {
              collectionId: body.collectionId,
              filename: body.file.name,
              bytes,
              restricted: body.restricted ?? false,
              tags: body.tags ?? [],
              onDuplicate: body.onDuplicate === 'reject' ? 'ask' : body.onDuplicate,
            });
            if (result.status === 'duplicate') return { result, document: null };
            return { result, document: await getDocument(s, { id: result.status === 'created' ? result.documentId : result.existing.id }) };
          },
          { mutation: true, failurePayload: { filename: body.file.name, sizeBytes: bytes.length } },
        )
        .catch(async (error: unknown) => {
          // The upload rolled back; the refusal is counted on its own for the Usage page.
          const limit = refusedLimit(error);
          if (limit) await ctx.run((s) => recordRefusal(s, limit));
          throw error;
        });
      if (!done.document) {
        const existing = done.result.status === 'duplicate' ? done.result.existing : null;
        throw new RestError(
          'duplicate_document',
          `This collection already holds the same file${existing ? ` as “${existing.filename}”` : ''}; send onDuplicate=skip to get that document, or onDuplicate=replace to replace it.`,
          { existing },
        );
      }
      const document = toApiDocument(done.document);
      return done.result.status === 'created'
        ? reply(202, document, location(ctx.origin, document.id))
        : reply(200, document, location(ctx.origin, document.id));
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/documents/{id}',
    operationId: 'getDocument',
    summary: 'Get a document and its processing status',
    tags: TAGS,
    scope: 'documents:read',
    params: idParam,
    responses: { 200: { description: 'The document.', schema: documentSchema } },
    handler: async ({ params, ctx }) => reply(200, toApiDocument(await ctx.run((s) => getDocument(s, params)))),
  }),
  defineEndpoint({
    method: 'PATCH',
    path: '/documents/{id}',
    operationId: 'updateDocument',
    summary: 'Rename, move or tag a document',
    description:
      'Needs write access to it (and to the collection it moves into). The name keeps an ending of the file’s type; `tags` replaces the whole set.',
    tags: TAGS,
    scope: 'documents:write',
    params: idParam,
    body: jsonBody(updateBody),
    responses: { 200: { description: 'The document as it is now.', schema: documentSchema } },
    errors: ['bad_request', 'forbidden'],
    handler: async ({ params, body, ctx }) => {
      const updated = await ctx.run(
        async (s) => {
          await updateDocument(s, { ...body, id: params.id });
          return getDocument(s, params);
        },
        { mutation: true },
      );
      return reply(200, toApiDocument(updated));
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/documents/{id}/reprocess',
    operationId: 'reprocessDocument',
    summary: 'Process a document again',
    description: 'Retries a failed document, or runs the pipeline again on any other. Refused (400) while it is being processed.',
    tags: TAGS,
    scope: 'documents:write',
    params: idParam,
    responses: { 202: { description: 'Queued; poll the document.', schema: documentSchema } },
    errors: ['bad_request', 'forbidden'],
    handler: async ({ params, ctx }) => {
      const queued = await ctx.run(
        async (s) => {
          await reprocessDocument(s, params);
          return getDocument(s, params);
        },
        { mutation: true },
      );
      return reply(202, toApiDocument(queued), location(ctx.origin, queued.id));
    },
  }),
  defineEndpoint({
    method: 'DELETE',
    path: '/documents/{id}',
    operationId: 'deleteDocument',
    summary: 'Delete a document',
    description: 'Deletes it with its chunks and stored file. Needs write access to it.',
    tags: TAGS,
    scope: 'documents:write',
    params: idParam,
    responses: { 204: { description: 'Deleted.' } },
    errors: ['forbidden'],
    handler: async ({ params, ctx }) => {
      await ctx.run(
        async (s) => {
          // Read first: a document this key cannot see is not found, never "not allowed".
          await getDocument(s, params);
          await removeDocument(s, params);
        },
        { mutation: true },
      );
      return reply(204, null);
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/documents/{id}/chunks',
    operationId: 'listDocumentChunks',
    summary: "List a document's chunks",
    description: 'Its passages in reading order, with pages and offsets. Empty until processing completed.',
    tags: TAGS,
    scope: 'documents:read',
    params: idParam,
    query: z.object(pageQuery),
    responses: { 200: { description: 'A page of chunks.', schema: pageOf(chunkSchema) } },
    handler: async ({ params, query, ctx }) => {
      const page = await ctx.run((s) =>
        listChunksPage(s, { documentId: params.id, limit: query.limit, after: decodeCursor(query.cursor) }),
      );
      return reply(
        200,
        pageBody({
          items: page.items.map(({ chunkIndex, content, ...rest }) => ({ ...rest, index: chunkIndex, text: content })),
          next: page.next,
        }),
      );
    },
  }),
];
