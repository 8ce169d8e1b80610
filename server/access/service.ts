import 'server-only';
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { permissions, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { notFound } from '@/server/shared/errors';
import { likePattern } from '@/server/shared/pagination';
import { requireAccess } from './require';
import type { GrantInput, PeopleInput, ResourceInput, RevokeInput } from './schema';

/** Grants are handed out, changed and taken back by those with the admin level on the resource. */
const share = (ctx: TenantServiceContext, input: ResourceInput, action: string) => requireAccess(ctx, input, 'share', action);

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
  await share(ctx, input, 'see who has access to it');
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
  await share(ctx, input, 'grant access to it');
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
  await share(ctx, input, 'take access to it away');
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

const PEOPLE = 8;

/**
 * Invited and active people matching `search`, for someone who may share the resource (its
 * creator, say) but not manage users: the first few by name, and how many match.
 */
export async function findPeople(ctx: TenantServiceContext, input: PeopleInput) {
  await share(ctx, input, 'grant access to it');
  const filters: SQL[] = [eq(users.tenantId, ctx.tenantId), inArray(users.status, ['invited', 'active'])];
  if (input.search) {
    const pattern = likePattern(input.search);
    filters.push(or(ilike(users.email, pattern), ilike(users.fullName, pattern))!);
  }
  const where = and(...filters);
  const items = await ctx.db
    .select({ id: users.id, email: users.email, fullName: users.fullName, status: users.status })
    .from(users)
    .where(where)
    .orderBy(sql`lower(coalesce(nullif(${users.fullName}, ''), ${users.email}))`, asc(users.id))
    .limit(PEOPLE);
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(users).where(where);
  return { items, total };
}
