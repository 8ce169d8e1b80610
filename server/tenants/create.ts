import 'server-only';
import type { Db, Tx } from '@/db/client';
import { rolePermissions, roles, tenantQuotas, tenants, userRoles, users, type TENANT_PLANS } from '@/db/schema';
import { withTenant, withTenantInTransaction } from '@/db/tenant';
import { BUILT_IN_ROLES } from '@/server/roles/permissions';
import { DEFAULT_QUOTAS } from '@/lib/quota-defaults';

export type NewTenant = {
  name: string;
  slug: string;
  plan?: (typeof TENANT_PLANS)[number];
  quotas?: {
    maxTokensPerDay?: number | null;
    maxIngestionsPerDay?: number | null;
    maxStorageBytes?: number | null;
    maxRequestsPerMinute?: number | null;
    maxCostPerMonthUsd?: number | null;
    maxTokensPerUserPerDay?: number | null;
    maxTokensPerApiKeyPerDay?: number | null;
    softThresholdPercent?: number;
  };
};

/**
 * Creates a tenant with its built-in roles and quotas inside `tx` (a transaction on the
 * privileged connection). The tenant row is global; everything else is written under the new
 * tenant's own RLS scope.
 */
export async function createTenantRows(tx: Tx, input: NewTenant) {
  const [tenant] = await tx
    .insert(tenants)
    .values({ name: input.name.trim(), slug: input.slug, plan: input.plan ?? 'trial', status: 'active' })
    .returning();
  const created = tenant!;
  const roleIds = await withTenantInTransaction(tx, { tenantId: created.id }, async () => {
    const { maxCostPerMonthUsd, ...quotas } = { ...DEFAULT_QUOTAS, ...input.quotas };
    await tx.insert(tenantQuotas).values({
      tenantId: created.id,
      ...quotas,
      ...(maxCostPerMonthUsd != null ? { maxCostPerMonthUsd: maxCostPerMonthUsd.toFixed(2) } : {}),
    });
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
  });
  return { tenant: created, roleIds };
}

/** createTenantRows in a transaction of its own (seed, tests, benchmarks). */
export async function createTenant(db: Db, input: NewTenant) {
  return db.transaction((tx) => createTenantRows(tx, input));
}

/** Adds an active user holding the given roles (seed and test paths). */
export async function createActiveUser(
  db: Db,
  input: { tenantId: string; email: string; fullName: string; hashedPassword: string; roleIds: string[] },
) {
  return withTenant(
    { tenantId: input.tenantId },
    async (tx) => {
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
        await tx.insert(userRoles).values(input.roleIds.map((roleId) => ({ tenantId: input.tenantId, userId: user!.id, roleId })));
      }
      return user!;
    },
    db,
  );
}
