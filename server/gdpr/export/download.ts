import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { gdprRequests } from '@/db/schema';
import { DOWNLOAD_CSP } from '@/lib/security-headers';
import { recordAudit } from '@/server/audit/record';
import { principalOf, requireTenantScope, runInTenant } from '@/server/auth/boundary';
import type { Resolution } from '@/server/auth/principal';
import { requestMetaOf } from '@/server/auth/request-meta';
import { resolveRequest } from '@/server/auth/session';
import { contentDisposition } from '@/server/documents/download-request';
import { errorResponse, responseForError } from '@/server/http/errors';
import { requireWithinRequestLimit } from '@/server/rate-limit/requests';
import { getStorage } from '@/server/storage';
import { sha256Hex } from './archive';
import { verifyLink } from './link';

const ACTION = 'gdpr.export.downloaded';
const INVALID = 'This download link is not valid. Ask for a new one on the request’s page.';
const EXPIRED = 'This download link has expired (links work for 10 minutes). Ask for a new one on the request’s page.';
const GONE = 'This export is no longer available. Ask the workspace’s administrators to build it again.';

/**
 * GET /api/gdpr/exports/:id?expires=…&sig=…, for the principal `resolve` finds. The link
 * must be signed for this request, this tenant and this very person (a link passed on to someone
 * else, or to another workspace, is refused), and in time; then the archive is sent as an
 * attachment, never cached, and the download is audited.
 */
export async function downloadExport(
  req: Request,
  id: string,
  resolve: () => Promise<Resolution | null>,
  rootDb: Db = getDb(),
): Promise<Response> {
  const meta = requestMetaOf(req.headers);
  try {
    const principal = principalOf(await resolve());
    await requireWithinRequestLimit(principal, { rootDb });
    const scope = requireTenantScope(principal);
    if (!/^[0-9a-f-]{36}$/i.test(id)) return errorResponse(403, INVALID);
    const query = new URL(req.url).searchParams;
    const expires = Number(query.get('expires'));
    const check = verifyLink(
      { requestId: id.toLowerCase(), tenantId: scope.tenantId, expires, actor: scope.actor },
      query.get('sig') ?? '',
    );
    if (check === 'invalid') return errorResponse(403, INVALID);
    if (check === 'expired') return errorResponse(410, EXPIRED);
    const opts = { rootDb, meta, action: ACTION };
    const [request] = await runInTenant(scope, { ...opts, mutation: false }, (ctx) =>
      ctx.db
        .select({ key: gdprRequests.exportStorageKey, sha256: gdprRequests.exportSha256, status: gdprRequests.status })
        .from(gdprRequests)
        .where(and(eq(gdprRequests.tenantId, scope.tenantId), eq(gdprRequests.id, id))),
    );
    if (!request?.key || request.status !== 'completed') return errorResponse(410, GONE);
    const bytes = await getStorage()
      .get(request.key)
      .catch(() => null);
    // A file changed or lost in storage is not served as if it were the export.
    if (!bytes || (request.sha256 && sha256Hex(bytes) !== request.sha256)) return errorResponse(410, GONE);
    await runInTenant(scope, { ...opts, mutation: true }, (ctx) =>
      recordAudit(ctx, {
        action: ACTION,
        resourceType: 'gdpr_request',
        resourceId: id,
        payload: { sizeBytes: bytes.length, sha256: request.sha256 },
      }),
    );
    return new Response(Buffer.from(bytes), {
      headers: {
        'content-type': 'application/zip',
        'content-length': String(bytes.length),
        'content-disposition': contentDisposition(`data-export-${scope.tenantSlug}-${id.slice(0, 8)}.zip`),
        'x-content-type-options': 'nosniff',
        'content-security-policy': DOWNLOAD_CSP,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return responseForError(error, ACTION);
  }
}

/** The route handler: the session cookie or an API key, as every route resolves them. */
export async function handleExportDownload(req: Request, id: string): Promise<Response> {
  return downloadExport(req, id, () => resolveRequest(req.headers, new URL(req.url).pathname));
}
