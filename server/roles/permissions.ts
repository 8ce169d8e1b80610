import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { PERMISSIONS, rolePermissions, roles, userRoles, type Permission } from '@/db/schema';
import { forbidden } from '@/server/shared/errors';
import { joinPermissions, PERMISSION_INFO } from '@/lib/permissions';

export { PERMISSIONS, type Permission };

/** The built-in roles every tenant starts with; they cannot be edited. */
export const BUILT_IN_ROLES: Record<'admin' | 'editor' | 'viewer', { description: string; permissions: Permission[] }> = {
  admin: { description: 'Everything in the workspace', permissions: [...PERMISSIONS] },
  editor: {
    description: 'Manage documents and collections, chat, run evaluations',
    permissions: ['documents:read', 'documents:write', 'chat:use', 'usage:read', 'evals:run'],
  },
  viewer: {
    description: 'Chat with the documents they may read and see their own usage',
    permissions: ['documents:read', 'chat:use', 'usage:read'],
  },
};

/** A user's effective permissions: the union over their roles. */
export async function loadPermissions(tx: Tx, tenantId: string, userId: string): Promise<Permission[]> {
  const rows = await tx
    .selectDistinct({ permission: rolePermissions.permission })
    .from(userRoles)
    .innerJoin(rolePermissions, and(eq(rolePermissions.tenantId, userRoles.tenantId), eq(rolePermissions.roleId, userRoles.roleId)))
    .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId)));
  const held = new Set(rows.map((r) => r.permission));
  // Catalogue order, so the UI and tests see a stable list.
  return PERMISSIONS.filter((p) => held.has(p));
}

/** Nobody hands out what they do not hold: refuses with the permissions that are missing. */
export function assertCanGrant(held: readonly Permission[], granted: readonly Permission[]) {
  const missing = [...new Set(granted)].filter((p) => !held.includes(p));
  if (missing.length > 0) {
    forbidden(`You cannot grant permissions you do not hold: ${joinPermissions(missing)}.`);
  }
}

/** The permissions carried by `roleIds` (which must all be roles of the tenant). */
export async function permissionsOfRoles(tx: Tx, tenantId: string, roleIds: string[]): Promise<Permission[]> {
  if (roleIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ permission: rolePermissions.permission })
    .from(rolePermissions)
    .where(and(eq(rolePermissions.tenantId, tenantId), inArray(rolePermissions.roleId, roleIds)));
  return rows.map((r) => r.permission);
}

export async function adminRoleId(tx: Tx, tenantId: string): Promise<string> {
  const [row] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.name, 'admin'), eq(roles.isSystem, true)));
  if (!row) throw new Error(`tenant ${tenantId} has no built-in admin role`);
  return row.id;
}

/** Every permission with what it allows, in catalogue order. */
export function permissionCatalog() {
  return PERMISSIONS.map((permission) => ({ permission, ...PERMISSION_INFO[permission] }));
}
