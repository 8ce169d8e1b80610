import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { PERMISSIONS, rolePermissions, userRoles, type Permission } from '@/db/schema';

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
    .innerJoin(
      rolePermissions,
      and(eq(rolePermissions.tenantId, userRoles.tenantId), eq(rolePermissions.roleId, userRoles.roleId)),
    )
    .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId)));
  const held = new Set(rows.map((r) => r.permission));
  // Catalogue order, so the UI and tests see a stable list.
  return PERMISSIONS.filter((p) => held.has(p));
}
