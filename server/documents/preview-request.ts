import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { documents } from '@/db/schema';
import { DOWNLOAD_CSP } from '@/lib/security-headers';
import { errorResponse } from '@/server/http/errors';
import { tenantRoute } from '@/server/http/tenant-route';
import { getStorage } from '@/server/storage';
import { ExtractionError } from './extract/errors';
import { renderPdfPages } from './extract/render';

/** Previews are for reading on screen: about 110 dpi, and never more than ~4 megapixels a page. */
const PREVIEW_DPI = 110;
const PREVIEW_MAX_PIXELS = 4_000_000;

const headers = (type: string, length: number) => ({
  'content-type': type,
  'content-length': String(length),
  'content-disposition': 'inline',
  'x-content-type-options': 'nosniff',
  'content-security-policy': DOWNLOAD_CSP,
  'cache-control': 'private, no-store',
});

/**
 * GET /api/documents/:id/preview?page=N: a look at the original in the document's page. A PDF
 * page is rendered to a PNG on the server (PDFium, as for OCR), so no PDF viewer runs in the
 * console; a PNG or JPEG is sent as it is, inline, under the same sandbox policy as downloads.
 * Other types have no preview (415). Readers of the document only (RLS; any other id is 404).
 */
export const handlePreview = tenantRoute(
  { permission: 'documents:read', action: 'document.preview' },
  async (req, { scope, run }, id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return errorResponse(404, 'Document not found.');
    const [doc] = await run((ctx) =>
      ctx.db
        .select({
          storageKey: documents.storageKey,
          fileType: documents.fileType,
          mimeType: documents.mimeType,
          pageCount: documents.pageCount,
        })
        .from(documents)
        .where(and(eq(documents.tenantId, scope.tenantId), eq(documents.id, id), isNull(documents.deletedAt))),
    );
    if (!doc) return errorResponse(404, 'Document not found.');
    if (doc.fileType !== 'pdf' && doc.fileType !== 'png' && doc.fileType !== 'jpeg') {
      return errorResponse(415, 'There is no preview for this type of file; download the original to see it.');
    }
    const raw = new URL(req.url).searchParams.get('page') ?? '1';
    const page = Number(raw);
    if (!Number.isInteger(page) || page < 1) return errorResponse(400, 'The page must be a whole number from 1.');
    if (doc.pageCount !== null && page > doc.pageCount) {
      return errorResponse(404, `This document has ${doc.pageCount} ${doc.pageCount === 1 ? 'page' : 'pages'}.`);
    }
    const bytes = await getStorage()
      .get(doc.storageKey)
      .catch(() => null);
    if (!bytes) return errorResponse(410, 'The stored file is missing.');
    if (doc.fileType !== 'pdf') return new Response(Buffer.from(bytes), { headers: headers(doc.mimeType, bytes.length) });
    try {
      for await (const rendered of renderPdfPages(bytes, [page], { dpi: PREVIEW_DPI, maxPixels: PREVIEW_MAX_PIXELS })) {
        return new Response(Buffer.from(rendered.png), { headers: headers('image/png', rendered.png.length) });
      }
    } catch (error) {
      if (error instanceof ExtractionError) return errorResponse(422, error.userMessage);
      throw error;
    }
    return errorResponse(404, `This PDF has no page ${page}.`);
  },
);
