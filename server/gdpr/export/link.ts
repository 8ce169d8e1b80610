import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { gdprRequests } from '@/db/schema';
import { loadEncryptionKeys } from '@/server/ai/encryption-keys';
import { recordAudit } from '@/server/audit/record';
import type { Actor, TenantServiceContext } from '@/server/auth/types';
import { AppError } from '@/server/shared/errors';

/** How long a download link works. */
export const LINK_TTL_SECONDS = 10 * 60;

export type LinkClaims = { requestId: string; tenantId: string; expires: number; actor: Pick<Actor, 'type' | 'id'> };

/**
 * The links' HMAC key: HKDF of an ENCRYPTION_KEYS key under a label of its own (as the audit
 * chain's), so no new secret is needed and it never equals the key that encrypts secrets.
 */
function linkKey(version: number): Buffer | null {
  const material = loadEncryptionKeys().keys.get(version);
  return material ? Buffer.from(hkdfSync('sha256', material, 'agenticomni', 'gdpr-export-link-v1', 32)) : null;
}

function mac(key: Buffer, c: LinkClaims): string {
  return createHmac('sha256', key)
    .update(['gdpr-export-link', c.requestId, c.tenantId, String(c.expires), `${c.actor.type}:${c.actor.id ?? ''}`].join('\n'))
    .digest('base64url');
}

/** `<key version>.<HMAC>` over the request, the tenant, the expiry and who asked for the link. */
export function signLink(claims: LinkClaims): string {
  const version = loadEncryptionKeys().current;
  return `${version}.${mac(linkKey(version)!, claims)}`;
}

export type LinkCheck = 'ok' | 'invalid' | 'expired';

/**
 * Whether `sig` was made by this server for exactly these claims, and is still in time. The
 * signature is checked first, so an expiry someone edited is "invalid", never "expired".
 */
export function verifyLink(claims: LinkClaims, sig: string, nowSeconds = Math.floor(Date.now() / 1000)): LinkCheck {
  const match = /^(\d+)\.([A-Za-z0-9_-]{43})$/.exec(sig);
  if (!match || !Number.isSafeInteger(claims.expires)) return 'invalid';
  const key = linkKey(Number(match[1]));
  if (!key) return 'invalid';
  const expected = Buffer.from(mac(key, claims));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return claims.expires >= nowSeconds ? 'ok' : 'expired';
}

/**
 * Who may fetch a request's export: holders of gdpr:manage, and the subject, signed in as
 * themself, whoever filed it (it is their own data). Anyone else is told nothing exists (no
 * existence oracle).
 */
function mayDownload(ctx: TenantServiceContext, request: { subjectUserId: string | null }) {
  if (ctx.permissions.includes('gdpr:manage')) return true;
  return ctx.actor.type === 'user' && ctx.userId != null && request.subjectUserId === ctx.userId;
}

/** A short-lived signed link to a completed request's archive (`gdprExports.link`). */
export async function createExportLink(ctx: TenantServiceContext, input: { requestId: string }, now = new Date()) {
  const [request] = await ctx.db
    .select({
      id: gdprRequests.id,
      status: gdprRequests.status,
      subjectUserId: gdprRequests.subjectUserId,
      exportStorageKey: gdprRequests.exportStorageKey,
    })
    .from(gdprRequests)
    .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, input.requestId)));
  if (!request || !mayDownload(ctx, request)) throw new AppError('NOT_FOUND', 'This request does not exist.');
  if (request.status !== 'completed' || !request.exportStorageKey) {
    throw new AppError('CONFLICT', 'The export is not ready yet. It can be downloaded once the request is completed.');
  }
  const expires = Math.floor(now.getTime() / 1000) + LINK_TTL_SECONDS;
  const sig = signLink({ requestId: request.id, tenantId: ctx.tenantId, expires, actor: ctx.actor });
  await recordAudit(ctx, {
    action: 'gdpr.export.link_created',
    resourceType: 'gdpr_request',
    resourceId: request.id,
    payload: { expiresAt: new Date(expires * 1000).toISOString() },
  });
  const query = new URLSearchParams({ expires: String(expires), sig });
  return { url: `/api/gdpr/exports/${request.id}?${query.toString()}`, expiresAt: new Date(expires * 1000) };
}
