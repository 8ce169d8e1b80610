import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { systemAdmins, tenants, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { loadPermissions } from '@/server/users/permissions';
import type { Principal, SessionClaims } from './types';

export type Resolution =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'unknown' | 'deactivated' | 'suspended' };

const LIVE_TENANT_STATUSES = new Set(['active', 'trial']);

/**
 * Turns the claims of a signed session into the live principal. Runs on every request, so a
 * deactivated user, a suspended tenant or a changed role takes effect on the next request.
 */
export async function resolvePrincipal(db: Db, claims: SessionClaims): Promise<Resolution> {
  if (claims.kind === 'superadmin') {
    const [admin] = await db.select().from(systemAdmins).where(eq(systemAdmins.id, claims.id)).limit(1);
    if (!admin) return { ok: false, reason: 'unknown' };
    return { ok: true, principal: { kind: 'superadmin', id: admin.id, email: admin.email, name: admin.fullName } };
  }
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, claims.tenantId)).limit(1);
  if (!tenant || tenant.status === 'deleted') return { ok: false, reason: 'unknown' };
  if (!LIVE_TENANT_STATUSES.has(tenant.status)) return { ok: false, reason: 'suspended' };
  return withTenant({ tenantId: tenant.id, userId: claims.id }, async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, claims.id)))
      .limit(1);
    if (!user) return { ok: false, reason: 'unknown' } as const;
    if (user.status !== 'active') return { ok: false, reason: 'deactivated' } as const;
    const permissions = await loadPermissions(tx, tenant.id, user.id);
    return {
      ok: true,
      principal: {
        kind: 'user',
        id: user.id,
        email: user.email,
        name: user.fullName,
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        tenantName: tenant.name,
        permissions,
      },
    } as const;
  }, db);
}
