import 'server-only';
import { AppError } from '@/server/shared/errors';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { tenants, users, userTokens } from '@/db/schema';
import { writeAudit } from '@/server/audit/write';
import { hashPassword } from '@/server/auth/password';
import { LIVE_TENANT_STATUSES } from '@/server/auth/principal';
import type { RequestMeta } from '@/server/auth/types';
import { hashToken } from './tokens';
import type { InspectTokenInput, RedeemTokenInput } from './schema';

export const INVALID_LINK = 'This link is invalid, has expired or was already used. Ask an admin of your workspace for a new one.';

function invalidLink(): never {
  throw new AppError('NOT_FOUND', INVALID_LINK);
}

/**
 * One-time links are redeemed before anyone is signed in, so they are looked up on the
 * privileged connection by the token's hash; the explicit tenant filter keeps every write
 * inside the token's own tenant.
 */
async function findLive(tx: Tx, token: string) {
  const [row] = await tx
    .select({
      tokenId: userTokens.id,
      purpose: userTokens.purpose,
      expiresAt: userTokens.expiresAt,
      userId: users.id,
      email: users.email,
      fullName: users.fullName,
      userStatus: users.status,
      tenantId: tenants.id,
      tenantSlug: tenants.slug,
      tenantName: tenants.name,
      tenantStatus: tenants.status,
    })
    .from(userTokens)
    .innerJoin(users, and(eq(users.tenantId, userTokens.tenantId), eq(users.id, userTokens.userId)))
    .innerJoin(tenants, eq(tenants.id, userTokens.tenantId))
    .where(and(eq(userTokens.tokenHash, hashToken(token)), isNull(userTokens.usedAt), gt(userTokens.expiresAt, new Date())));
  if (!row || !LIVE_TENANT_STATUSES.has(row.tenantStatus) || row.userStatus === 'deactivated') {
    invalidLink();
  }
  return row;
}

/** `ctx`: a transaction on the privileged connection (nobody is signed in yet) and the request. */
export async function inspectToken({ db: tx }: { db: Tx }, { token }: InspectTokenInput) {
  const row = await findLive(tx, token);
  return {
    purpose: row.purpose,
    email: row.email,
    fullName: row.fullName,
    tenantSlug: row.tenantSlug,
    tenantName: row.tenantName,
    expiresAt: row.expiresAt,
  };
}

export async function redeemToken({ db: tx, meta }: { db: Tx; meta: RequestMeta }, input: RedeemTokenInput) {
  const row = await findLive(tx, input.token);
  // Claim the token first: of two concurrent redemptions only one gets the row back.
  const claimed = await tx
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(userTokens.id, row.tokenId), isNull(userTokens.usedAt)))
    .returning({ id: userTokens.id });
  if (claimed.length === 0) invalidLink();
  const hashedPassword = await hashPassword(input.password);
  await tx
    .update(users)
    .set({
      hashedPassword,
      status: 'active',
      // A new password ends every session signed in with the old one.
      sessionsRevokedAt: new Date(),
      ...(input.fullName?.trim() ? { fullName: input.fullName.trim() } : {}),
    })
    .where(and(eq(users.tenantId, row.tenantId), eq(users.id, row.userId)));
  await writeAudit(tx, {
    tenantId: row.tenantId,
    actorType: 'user',
    actorId: row.userId,
    actorLabel: row.email,
    action: row.purpose === 'invite' ? 'user.accept_invitation' : 'user.reset_password',
    resourceType: 'user',
    resourceId: row.userId,
    status: 'success',
    ipAddress: meta.ip,
    userAgent: meta.userAgent,
    correlationId: meta.correlationId,
  });
  return { tenantSlug: row.tenantSlug, email: row.email };
}
