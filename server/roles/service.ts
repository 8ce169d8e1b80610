import 'server-only';
import { and, asc, count, eq } from 'drizzle-orm';
import { PERMISSIONS, rolePermissions, roles, tenantSso, userRoles, type Permission } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { conflict, forbidden, notFound, uniquely } from '@/server/shared/errors';
import { assertCanGrant } from '@/server/roles/permissions';
import type { CreateRoleInput, UpdateRoleInput } from './schema';

export async function listRoles(ctx: TenantServiceContext) {
  const rows = await ctx.db
    .select({ id: roles.id, name: roles.name, description: roles.description, isSystem: roles.isSystem, createdAt: roles.createdAt })
    .from(roles)
    .where(eq(roles.tenantId, ctx.tenantId))
    .orderBy(asc(roles.isSystem), asc(roles.name));
  const perms = await ctx.db
    .select({ roleId: rolePermissions.roleId, permission: rolePermissions.permission })
    .from(rolePermissions)
    .where(eq(rolePermissions.tenantId, ctx.tenantId));
  const holders = await ctx.db
    .select({ roleId: userRoles.roleId, n: count() })
    .from(userRoles)
    .where(eq(userRoles.tenantId, ctx.tenantId))
    .groupBy(userRoles.roleId);
  const permsOf = (id: string) => {
    const held = new Set(perms.filter((p) => p.roleId === id).map((p) => p.permission));
    return PERMISSIONS.filter((p) => held.has(p));
  };
  // Built-in roles first (admin, editor, viewer), then custom roles by name.
  const order = ['admin', 'editor', 'viewer'];
  return rows
    .map((r) => ({ ...r, permissions: permsOf(r.id), userCount: holders.find((h) => h.roleId === r.id)?.n ?? 0 }))
    .sort((a, b) => (a.isSystem && b.isSystem ? order.indexOf(a.name) - order.indexOf(b.name) : Number(b.isSystem) - Number(a.isSystem)));
}

async function customRole(ctx: TenantServiceContext, id: string) {
  const [role] = await ctx.db
    .select()
    .from(roles)
    .where(and(eq(roles.tenantId, ctx.tenantId), eq(roles.id, id)));
  if (!role) notFound('Role');
  if (role.isSystem) forbidden('Built-in roles cannot be changed or deleted.');
  return role;
}

const DUPLICATE = 'A role with this name already exists.';

export async function createRole(ctx: TenantServiceContext, input: CreateRoleInput) {
  assertCanGrant(ctx.permissions, input.permissions);
  const [role] = await uniquely(
    () => ctx.db.insert(roles).values({ tenantId: ctx.tenantId, name: input.name, description: input.description }).returning(),
    DUPLICATE,
  );
  const permissions = [...new Set(input.permissions)];
  await ctx.db.insert(rolePermissions).values(permissions.map((permission) => ({ tenantId: ctx.tenantId, roleId: role!.id, permission })));
  await recordAudit(ctx, { action: 'role.create', resourceType: 'role', resourceId: role!.id, payload: { name: input.name, permissions } });
  return (await listRoles(ctx)).find((r) => r.id === role!.id)!;
}

export async function updateRole(ctx: TenantServiceContext, input: UpdateRoleInput) {
  const role = await customRole(ctx, input.id);
  if (input.name !== undefined || input.description !== undefined) {
    await uniquely(
      () =>
        ctx.db
          .update(roles)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
          })
          .where(and(eq(roles.tenantId, ctx.tenantId), eq(roles.id, role.id))),
      DUPLICATE,
    );
  }
  let previous: Permission[] | undefined;
  if (input.permissions) {
    const before = await ctx.db
      .select({ permission: rolePermissions.permission })
      .from(rolePermissions)
      .where(and(eq(rolePermissions.tenantId, ctx.tenantId), eq(rolePermissions.roleId, role.id)));
    previous = before.map((p) => p.permission);
    const next = [...new Set(input.permissions)];
    // Adding or removing a permission both count as granting it.
    const changed = [...next.filter((p) => !previous!.includes(p)), ...previous.filter((p) => !next.includes(p))];
    assertCanGrant(ctx.permissions, changed);
    await ctx.db.delete(rolePermissions).where(and(eq(rolePermissions.tenantId, ctx.tenantId), eq(rolePermissions.roleId, role.id)));
    if (next.length > 0) {
      await ctx.db.insert(rolePermissions).values(next.map((permission) => ({ tenantId: ctx.tenantId, roleId: role.id, permission })));
    }
  }
  await recordAudit(ctx, {
    action: 'role.update',
    resourceType: 'role',
    resourceId: role.id,
    payload: { name: input.name, description: input.description, permissions: input.permissions, previousPermissions: previous },
  });
  return (await listRoles(ctx)).find((r) => r.id === role.id)!;
}

export async function deleteRole(ctx: TenantServiceContext, input: { id: string }) {
  const role = await customRole(ctx, input.id);
  const before = await ctx.db
    .select({ permission: rolePermissions.permission })
    .from(rolePermissions)
    .where(and(eq(rolePermissions.tenantId, ctx.tenantId), eq(rolePermissions.roleId, role.id)));
  assertCanGrant(
    ctx.permissions,
    before.map((p) => p.permission),
  );
  const [provisioning] = await ctx.db
    .select({ id: tenantSso.id })
    .from(tenantSso)
    .where(and(eq(tenantSso.tenantId, ctx.tenantId), eq(tenantSso.jitRoleId, role.id)));
  if (provisioning)
    conflict(
      `“${role.name}” is the role single sign-on gives people signing in for the first time. Choose another under Settings → Single sign-on, then delete it.`,
    );
  await ctx.db.delete(roles).where(and(eq(roles.tenantId, ctx.tenantId), eq(roles.id, role.id)));
  await recordAudit(ctx, { action: 'role.delete', resourceType: 'role', resourceId: role.id, payload: { name: role.name } });
  return { id: role.id };
}
