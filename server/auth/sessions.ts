import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { endedSessions, systemAdmins, users } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { AppError } from '@/server/shared/errors';
import type { Principal, RequestMeta, SessionClaims } from './types';

/** An unguessable id for one browser session, carried in its signed token. */
export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

/** Whether this session was signed out on the server (its token may still be valid). */
export async function isSessionEnded(db: Db, sessionId: string | undefined): Promise<boolean> {
  if (!sessionId) return false;
  const [row] = await db.select({ id: endedSessions.sessionId }).from(endedSessions).where(eq(endedSessions.sessionId, sessionId)).limit(1);
  return Boolean(row);
}

/**
 * Signing out: the session's id joins the ended list until its token would have expired, so a
 * copy of the cookie (another tab, a stolen one) stops working at once. Rows of tokens that have
 * expired anyway are pruned on the way. Audited in the session's tenant (or the platform log).
 */
export async function endSession(db: Db, claims: SessionClaims, expiresAt: Date, meta: RequestMeta): Promise<void> {
  const entry = {
    actorType: claims.kind,
    actorId: claims.id,
    action: 'auth.sign_out',
    status: 'success' as const,
    ipAddress: meta.ip,
    userAgent: meta.userAgent,
    correlationId: meta.correlationId,
  };
  await withSystem(async (tx) => {
    await tx.delete(endedSessions).where(lt(endedSessions.expiresAt, new Date()));
    if (claims.sid) {
      await tx.insert(endedSessions).values({ sessionId: claims.sid, expiresAt }).onConflictDoNothing();
    }
    if (claims.kind === 'superadmin') await writeAudit(tx, { ...entry, tenantId: null });
  }, db);
  if (claims.kind === 'user') {
    await withTenant({ tenantId: claims.tenantId, userId: claims.id }, (tx) => writeAudit(tx, { ...entry, tenantId: claims.tenantId }), db);
  }
}

/**
 * "Sign out everywhere": every session of this person that began before now is over, on every
 * device, including the one asking (the browser then signs out too). API keys have no sessions.
 */
export async function endAllSessions(db: Db, principal: Principal, meta: RequestMeta): Promise<{ endedAt: Date }> {
  const now = new Date();
  const entry = {
    actorId: principal.id,
    actorLabel: principal.kind === 'api_key' ? principal.name : principal.email,
    action: 'auth.sign_out_everywhere',
    status: 'success' as const,
    ipAddress: meta.ip,
    userAgent: meta.userAgent,
    correlationId: meta.correlationId,
  };
  if (principal.kind === 'api_key') throw new AppError('FORBIDDEN', 'API keys have no sessions to end; revoke the key instead.');
  if (principal.kind === 'superadmin') {
    await withSystem(async (tx) => {
      await tx.update(systemAdmins).set({ sessionsRevokedAt: now }).where(eq(systemAdmins.id, principal.id));
      await writeAudit(tx, { ...entry, tenantId: null, actorType: 'superadmin' });
    }, db);
    return { endedAt: now };
  }
  await withTenant(
    { tenantId: principal.tenantId, userId: principal.id },
    async (tx) => {
      await tx
        .update(users)
        .set({ sessionsRevokedAt: now })
        .where(and(eq(users.tenantId, principal.tenantId), eq(users.id, principal.id)));
      await writeAudit(tx, { ...entry, tenantId: principal.tenantId, actorType: 'user' });
    },
    db,
  );
  return { endedAt: now };
}
