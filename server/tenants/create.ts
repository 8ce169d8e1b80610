import 'server-only';
import type { Db } from '@/db/client';
import { withTenant } from '@/db/tenant';
import { rolePermissions, roles, tenantQuotas, tenants, userRoles, users, type TENANT_PLANS } from '@/db/schema';
import { BUILT_IN_ROLES } from '@/server/users/permissions';

export type NewTenant = {
  name: string;
  slug: string;
  plan?: (typeof TENANT_PLANS)[number];
  quotas?: {
    maxTokensPerDay?: number | null;
    maxIngestionsPerDay?: number | null;
    maxStorageBytes?: number | null;
    maxRequestsPerMinute?: number | null;
  };
};

export const DEFAULT_QUOTAS = {
  maxTokensPerDay: 2_000_000,
  maxIngestionsPerDay: 500,
  maxStorageBytes: 5 * 1024 ** 3,
  maxRequestsPerMinute: 120,
};

/**
 * Creates a tenant with its built-in roles and quotas. The tenant row is global (system
 * connection); everything else is written inside the new tenant's own RLS scope.
 */
export async function createTenant(db: Db, input: NewTenant) {
  const [tenant] = await db
    .insert(tenants)
    .values({ name: input.name.trim(), slug: input.slug, plan: input.plan ?? 'trial', status: 'active' })
    .returning();
  const created = tenant!;
  const roleIds = await withTenant({ tenantId: created.id }, async (tx) => {
    await tx.insert(tenantQuotas).values({ tenantId: created.id, ...DEFAULT_QUOTAS, ...input.quotas });
    const ids: Record<string, string> = {};
    for (const [name, def] of Object.entries(BUILT_IN_ROLES)) {
      const [role] = await tx
        .insert(roles)
        .values({ tenantId: created.id, name, description: def.description, isSystem: true })
        .returning({ id: roles.id });
      ids[name] = role!.id;
      await tx
        .insert(rolePermissions)
        .values(def.permissions.map((permission) => ({ tenantId: created.id, roleId: role!.id, permission })));
    }
    return ids as Record<keyof typeof BUILT_IN_ROLES, string>;
  }, db);
  return { tenant: created, roleIds };
}

/** Adds an active user holding the given built-in or custom roles (seed and admin paths). */
export async function createActiveUser(
  db: Db,
  input: { tenantId: string; email: string; fullName: string; hashedPassword: string; roleIds: string[] },
) {
  return withTenant({ tenantId: input.tenantId }, async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        tenantId: input.tenantId,
        email: input.email.trim().toLowerCase(),
        fullName: input.fullName,
        hashedPassword: input.hashedPassword,
        status: 'active',
      })
      .returning();
    if (input.roleIds.length > 0) {
      await tx
        .insert(userRoles)
        .values(input.roleIds.map((roleId) => ({ tenantId: input.tenantId, userId: user!.id, roleId })));
    }
    return user!;
  }, db);
}
