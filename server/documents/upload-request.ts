import 'server-only';
import { z } from 'zod';
import { withCappedBody } from '@/server/http/body';
import { tenantRoute } from '@/server/http/tenant-route';
import { formatBytes } from '@/lib/format';
import { AppError } from '@/server/shared/errors';
import { uploadSettings } from './settings';
import { recordRefusal } from '@/server/usage/reserve';
import { refusedLimit } from '@/server/usage/quota';
import { uploadDocument } from './upload';

const fields = z.object({
  collectionId: z.uuid('Choose a collection.'),
  onDuplicate: z.enum(['ask', 'skip', 'replace']).default('ask'),
  visibility: z.enum(['tenant', 'restricted']).default('tenant'),
});

// Multipart framing around the file: the body may exceed the file size by this much.
export const MULTIPART_SLACK = 64 * 1024;

/**
 * POST /api/documents/upload (multipart: file, collectionId, onDuplicate, visibility). One file
 * per request, so the browser can show a progress bar and a refusal per file. Answers 201 with the
 * document, 200 when skipped, 409 with the existing document when a duplicate needs a decision, or
 * an error status with a sentence to show next to the file. A refused upload is audited with the
 * file's name and size.
 */
export const handleUpload = tenantRoute({ permission: 'documents:write', action: 'document.upload' }, async (req, { run }) => {
  const settings = await run((ctx) => uploadSettings(ctx.db));
  // An oversized body is refused by its declared length before it is read, or, sent without one,
  // as soon as the stream passes the limit: never buffered whole.
  const bounded = await withCappedBody(req, settings.maxFileSizeBytes + MULTIPART_SLACK).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'PAYLOAD_TOO_LARGE') {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than this workspace's limit of ${formatBytes(settings.maxFileSizeBytes)}.`,
      );
    }
    throw error;
  });
  let form: FormData;
  try {
    form = await bounded.formData();
  } catch {
    throw new AppError('BAD_REQUEST', 'The upload was not a valid multipart form.');
  }
  const file = form.get('file');
  if (!(file instanceof File)) throw new AppError('BAD_REQUEST', 'No file was sent.');
  const parsed = fields.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => k !== 'file')));
  if (!parsed.success) throw new AppError('BAD_REQUEST', parsed.error.issues[0]?.message ?? 'The upload is missing fields.');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await run((ctx) => uploadDocument(ctx, settings, { ...parsed.data, filename: file.name, bytes }), {
    mutation: true,
    failurePayload: { filename: file.name, sizeBytes: bytes.length },
  }).catch(async (error: unknown) => {
    // The upload rolled back; the refusal is counted on its own for the Usage page.
    const limit = refusedLimit(error);
    if (limit) await run((ctx) => recordRefusal(ctx, limit));
    throw error;
  });
  const status = result.status === 'created' ? 201 : result.status === 'duplicate' ? 409 : 200;
  return Response.json(result, { status });
});
