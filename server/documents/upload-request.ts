import 'server-only';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { seesRestricted, tenantScopeOf } from '@/server/auth/scope';
import { resolveRequest } from '@/server/auth/session';
import { clientIp } from '@/server/auth/request-meta';
import type { TenantServiceContext } from '@/server/auth/types';
import { pokeWorker } from '@/server/jobs/runtime';
import { formatBytes } from '@/lib/format';
import { uploadSettings } from './settings';
import { uploadDocument } from './upload';

const fields = z.object({
  collectionId: z.uuid('Choose a collection.'),
  onDuplicate: z.enum(['ask', 'skip', 'replace']).default('ask'),
  visibility: z.enum(['tenant', 'restricted']).default('tenant'),
});

// Multipart framing around the file: the body may exceed the file size by this much.
const MULTIPART_SLACK = 64 * 1024;

function fail(status: number, message: string) {
  return Response.json({ error: message }, { status });
}

/**
 * POST /api/documents/upload (multipart: file, collectionId, onDuplicate, visibility). One file
 * per request, so the browser can show a progress bar and a refusal per file. Answers 201 with the
 * document, 200 when skipped, 409 with the existing document when a duplicate needs a decision, or
 * an error status with a sentence to show next to the file.
 */
export async function handleUpload(req: Request): Promise<Response> {
  const resolution = await resolveRequest(req.headers, '/api/documents/upload');
  if (!resolution) return fail(401, 'Sign in to upload documents.');
  if (!resolution.ok) return fail(401, 'Your session has ended. Sign in again.');
  const scope = tenantScopeOf(resolution.principal);
  if (!scope) return fail(403, 'Enter a workspace to upload documents.');
  const db = getDb();
  const settings = await withTenant({ tenantId: scope.tenantId }, (tx) => uploadSettings(tx), db);
  // Refuse an oversized body before reading it.
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > settings.maxFileSizeBytes + MULTIPART_SLACK) {
    return fail(413, `The file is larger than this workspace's limit of ${formatBytes(settings.maxFileSizeBytes)}.`);
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return fail(400, 'The upload was not a valid multipart form.');
  }
  const file = form.get('file');
  if (!(file instanceof File)) return fail(400, 'No file was sent.');
  const parsed = fields.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => k !== 'file')));
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? 'The upload is missing fields.');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const meta = {
    ip: clientIp((name) => req.headers.get(name)),
    userAgent: req.headers.get('user-agent'),
    correlationId: req.headers.get('x-correlation-id'),
  };
  try {
    const result = await withTenant(
      { tenantId: scope.tenantId, userId: scope.userId, seeRestricted: seesRestricted(scope) },
      (tx) => {
        const ctx: TenantServiceContext = { ...scope, db: tx, meta, audited: { count: 0 } };
        return uploadDocument(ctx, settings, { ...parsed.data, filename: file.name, bytes });
      },
      db,
    );
    if (result.status === 'created') {
      pokeWorker();
      return Response.json(result, { status: 201 });
    }
    return Response.json(result, { status: result.status === 'duplicate' ? 409 : 200 });
  } catch (error) {
    const known = error instanceof TRPCError ? error : null;
    if (!known) console.error('upload failed', error);
    const message = known?.message ?? 'The upload failed on our side. Try again.';
    // Refusals are audited too, in a transaction of their own (the upload's rolled back).
    await withTenant({ tenantId: scope.tenantId }, (tx) =>
      writeAudit(tx, {
        tenantId: scope.tenantId,
        actorId: scope.actor.id,
        actorType: scope.actor.type,
        actorLabel: scope.actor.label,
        action: 'document.upload',
        resourceType: 'document',
        status: known && known.code !== 'INTERNAL_SERVER_ERROR' ? 'denied' : 'error',
        ipAddress: meta.ip,
        userAgent: meta.userAgent,
        correlationId: meta.correlationId,
        payload: { filename: file.name, sizeBytes: bytes.length, reason: message },
      }),
    db).catch(() => {});
    return fail(known ? getHTTPStatusCodeFromError(known) : 500, message);
  }
}
