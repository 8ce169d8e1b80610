import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { systemAdmins, tenants, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { loadPermissions } from '@/server/roles/permissions';
import { isSessionEnded } from './sessions';
import type { Principal, SessionClaims } from './types';
import type { Permission } from '@/db/schema';

export type ResolutionFailure = 'unknown' | 'deactivated' | 'suspended' | 'revoked' | 'expired' | 'invalid_key';

export type Resolution =
  | {
      ok: true;
      principal: Principal;
      /**
       * Resolves the same credentials again, reading only (no audit entry, no last-used stamp):
       * long-lived streams call it at each poll, so a sign-out, deactivation, suspension or
       * revocation closes them too.
       */
      recheck?: () => Promise<Resolution>;
    }
  | { ok: false; reason: ResolutionFailure };

/** Tenants whose members may work; a suspended or deleted tenant refuses every request. */
export const LIVE_TENANT_STATUSES: ReadonlySet<string> = new Set(['active', 'trial']);

type UserRow = { id: string; email: string; fullName: string };
type TenantRow = { id: string; slug: string; name: string };

/** A member as every sign-in path (password, SSO, session) presents them. */
export function userPrincipal(user: UserRow, tenant: TenantRow, permissions: Permission[]): Extract<Principal, { kind: 'user' }> {
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    name: user.fullName,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    tenantName: tenant.name,
    permissions,
  };
}

/**
 * Turns the claims of a signed session into the live principal. Runs on every request, so a
 * deactivated user, a suspended tenant or a changed role takes effect on the next request.
 */
export async function resolvePrincipal(db: Db, claims: SessionClaims): Promise<Resolution> {
  const resolution = await resolveClaims(db, claims);
  return resolution.ok ? { ...resolution, recheck: () => resolvePrincipal(db, claims) } : resolution;
}

async function resolveClaims(db: Db, claims: SessionClaims): Promise<Resolution> {
  // Signed out on the server: the token is still signed, but the session is over.
  if (await isSessionEnded(db, claims.sid)) return { ok: false, reason: 'unknown' };
  const startedBefore = (moment: Date | null) => Boolean(moment && claims.signedInAt !== undefined && claims.signedInAt < moment.getTime());
  if (claims.kind === 'superadmin') {
    const [admin] = await db.select().from(systemAdmins).where(eq(systemAdmins.id, claims.id)).limit(1);
    if (!admin || startedBefore(admin.sessionsRevokedAt)) return { ok: false, reason: 'unknown' };
    let acting = null;
    if (claims.actingTenantId) {
      const [tenant] = await db.select().from(tenants).where(eq(tenants.id, claims.actingTenantId)).limit(1);
      // A superadmin may enter a suspended tenant to help; a deleted one is gone.
      if (tenant && tenant.status !== 'deleted') {
        acting = { tenantId: tenant.id, tenantSlug: tenant.slug, tenantName: tenant.name };
      }
    }
    return {
      ok: true,
      principal: { kind: 'superadmin', id: admin.id, email: admin.email, name: admin.fullName, acting },
    };
  }
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, claims.tenantId)).limit(1);
  if (!tenant || tenant.status === 'deleted') return { ok: false, reason: 'unknown' };
  if (!LIVE_TENANT_STATUSES.has(tenant.status)) return { ok: false, reason: 'suspended' };
  // Suspension signed everyone out: a session from before it does not come back on reactivation.
  if (startedBefore(tenant.sessionsRevokedAt)) return { ok: false, reason: 'unknown' };
  return withTenant(
    { tenantId: tenant.id, userId: claims.id },
    async (tx) => {
      const [user] = await tx
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenant.id), eq(users.id, claims.id)))
        .limit(1);
      if (!user) return { ok: false, reason: 'unknown' } as const;
      if (user.status !== 'active') return { ok: false, reason: 'deactivated' } as const;
      if (startedBefore(user.sessionsRevokedAt)) return { ok: false, reason: 'unknown' } as const;
      const permissions = await loadPermissions(tx, tenant.id, user.id);
      return { ok: true, principal: userPrincipal(user, tenant, permissions) } as const;
    },
    db,
  );
}
