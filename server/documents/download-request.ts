import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { documents } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { seesRestricted, tenantScopeOf } from '@/server/auth/scope';
import { resolveRequest } from '@/server/auth/session';
import { getStorage } from '@/server/storage';

function fail(status: number, message: string) {
  return Response.json({ error: message }, { status });
}

/** `filename*` per RFC 6266/5987, with a plain ASCII fallback. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * GET /api/documents/:id/file: the original file, for users allowed to read the document (RLS
 * decides; any other id is 404). Always an attachment, never rendered inline, so an uploaded
 * HTML file cannot run in the console's origin.
 */
export async function handleDownload(req: Request, id: string): Promise<Response> {
  const resolution = await resolveRequest(req.headers, `/api/documents/${id}/file`);
  if (!resolution?.ok) return fail(401, 'Sign in to download documents.');
  const scope = tenantScopeOf(resolution.principal);
  if (!scope || !scope.permissions.includes('documents:read')) return fail(404, 'Document not found.');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return fail(404, 'Document not found.');
  const [doc] = await withTenant(
    { tenantId: scope.tenantId, userId: scope.userId, seeRestricted: seesRestricted(scope) },
    (tx) =>
      tx
        .select({ filename: documents.filename, storageKey: documents.storageKey, mimeType: documents.mimeType })
        .from(documents)
        .where(and(eq(documents.tenantId, scope.tenantId), eq(documents.id, id), isNull(documents.deletedAt))),
    getDb(),
  );
  if (!doc) return fail(404, 'Document not found.');
  const bytes = await getStorage().get(doc.storageKey).catch(() => null);
  if (!bytes) return fail(410, 'The stored file is missing.');
  return new Response(Buffer.from(bytes), {
    headers: {
      'content-type': doc.mimeType,
      'content-length': String(bytes.length),
      'content-disposition': contentDisposition(doc.filename),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
}
