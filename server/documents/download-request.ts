import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { documents } from '@/db/schema';
import { DOWNLOAD_CSP } from '@/lib/security-headers';
import { errorResponse } from '@/server/http/errors';
import { tenantRoute } from '@/server/http/tenant-route';
import { getStorage } from '@/server/storage';

/** `filename*` per RFC 6266/5987, with a plain ASCII fallback; `inline` opens it in the tab. */
export function contentDisposition(filename: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const notFound = () => errorResponse(404, 'Document not found.');

/**
 * GET /api/documents/:id/file: the original file, for users allowed to read the document (RLS
 * decides; any other id is 404). Always an attachment and under a sandbox policy, so an uploaded
 * HTML or SVG file cannot run in the console's origin even if a browser renders it.
 */
export const handleDownload = tenantRoute(
  { permission: 'documents:read', action: 'document.download' },
  async (_req, { scope, run }, id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return notFound();
    const [doc] = await run((ctx) =>
      ctx.db
        .select({ filename: documents.filename, storageKey: documents.storageKey, mimeType: documents.mimeType })
        .from(documents)
        .where(and(eq(documents.tenantId, scope.tenantId), eq(documents.id, id), isNull(documents.deletedAt))),
    );
    if (!doc) return notFound();
    const bytes = await getStorage()
      .get(doc.storageKey)
      .catch(() => null);
    if (!bytes) return errorResponse(410, 'The stored file is missing.');
    return new Response(Buffer.from(bytes), {
      headers: {
        'content-type': doc.mimeType,
        'content-length': String(bytes.length),
        'content-disposition': contentDisposition(doc.filename),
        'x-content-type-options': 'nosniff',
        'content-security-policy': DOWNLOAD_CSP,
        'cache-control': 'private, no-store',
      },
    });
  },
);
