import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { collections, documents, permissions, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { notFound } from '@/server/shared/errors';
import type { GrantInput, ResourceInput, RevokeInput } from './schema';

export type ResourceType = 'document' | 'collection';
export type Level = 'read' | 'write' | 'admin';

async function assertResource(ctx: TenantServiceContext, type: ResourceType, id: string) {
  const table = type === 'document' ? documents : collections;
  const [row] = await ctx.db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, id)));
  if (!row) notFound(type === 'document' ? 'Document' : 'Collection');
}

async function assertUser(ctx: TenantServiceContext, id: string) {
  const [row] = await ctx.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, id)));
  if (!row) notFound('User');
  return row;
}

/** Who holds which access to one restricted resource. */
export async function listGrants(ctx: TenantServiceContext, input: ResourceInput) {
  await assertResource(ctx, input.resourceType, input.resourceId);
  return ctx.db
    .select({
      userId: permissions.userId,
      email: users.email,
      fullName: users.fullName,
      level: permissions.level,
      grantedAt: permissions.createdAt,
    })
    .from(permissions)
    .innerJoin(users, and(eq(users.tenantId, permissions.tenantId), eq(users.id, permissions.userId)))
    .where(
      and(
        eq(permissions.tenantId, ctx.tenantId),
        eq(permissions.resourceType, input.resourceType),
        eq(permissions.resourceId, input.resourceId),
      ),
    )
    .orderBy(asc(users.email));
}

export async function grantAccess(ctx: TenantServiceContext, input: GrantInput) {
  await assertResource(ctx, input.resourceType, input.resourceId);
  const user = await assertUser(ctx, input.userId);
  await ctx.db
    .insert(permissions)
    .values({ tenantId: ctx.tenantId, ...input, grantedBy: ctx.userId })
    .onConflictDoUpdate({
      target: [permissions.tenantId, permissions.userId, permissions.resourceType, permissions.resourceId],
      set: { level: input.level, grantedBy: ctx.userId },
    });
  await recordAudit(ctx, {
    action: 'permission.grant',
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    payload: { userId: input.userId, email: user.email, level: input.level },
  });
  return { ...input };
}

export async function revokeAccess(ctx: TenantServiceContext, input: RevokeInput) {
  await assertResource(ctx, input.resourceType, input.resourceId);
  const removed = await ctx.db
    .delete(permissions)
    .where(
      and(
        eq(permissions.tenantId, ctx.tenantId),
        eq(permissions.userId, input.userId),
        eq(permissions.resourceType, input.resourceType),
        eq(permissions.resourceId, input.resourceId),
      ),
    )
    .returning({ id: permissions.id });
  if (removed.length === 0) notFound('Access grant');
  await recordAudit(ctx, {
    action: 'permission.revoke',
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    payload: { userId: input.userId },
  });
  return { revoked: true };
}
