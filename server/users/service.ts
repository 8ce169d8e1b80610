import 'server-only';
import { and, asc, count, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { roles, userRoles, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import { hashPassword } from '@/server/auth/password';
import type { TenantRunner, TenantServiceContext } from '@/server/auth/types';
import { deliverMail } from '@/server/mail/deliver';
import type { MailDelivery, MailMessage } from '@/server/mail/schema';
import { badRequest, forbidden, notFound, uniquely } from '@/server/shared/errors';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import { adminRoleId, assertCanGrant, loadPermissions, permissionsOfRoles } from '@/server/roles/permissions';
import { joinPermissions } from '@/lib/permissions';
import { invitationMail, passwordResetMail } from './mail';
import { issueUserToken, type IssuedLink } from './tokens';
import type { CreateUserInput, InviteUserInput, UpdateUserInput, UserListInput } from './schema';

const SORTS = {
  name: users.fullName,
  email: users.email,
  lastLogin: users.lastLoginAt,
  created: users.createdAt,
} as const;

async function rolesOf(ctx: TenantServiceContext, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, { id: string; name: string }[]>();
  const rows = await ctx.db
    .select({ userId: userRoles.userId, id: roles.id, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.tenantId, userRoles.tenantId), eq(roles.id, userRoles.roleId)))
    .where(and(eq(userRoles.tenantId, ctx.tenantId), inArray(userRoles.userId, userIds)))
    .orderBy(asc(roles.name));
  const map = new Map<string, { id: string; name: string }[]>();
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), { id: r.id, name: r.name }]);
  return map;
}

const publicColumns = {
  id: users.id,
  email: users.email,
  fullName: users.fullName,
  status: users.status,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

export async function listUsers(ctx: TenantServiceContext, input: UserListInput) {
  const filters: SQL[] = [eq(users.tenantId, ctx.tenantId)];
  if (input.search?.trim()) {
    const pattern = likePattern(input.search.trim());
    filters.push(or(ilike(users.email, pattern), ilike(users.fullName, pattern))!);
  }
  if (input.status) filters.push(eq(users.status, input.status));
  if (input.roleId) {
    filters.push(
      sql`exists (select 1 from ${userRoles} where ${userRoles.tenantId} = ${users.tenantId} and ${userRoles.userId} = ${users.id} and ${userRoles.roleId} = ${input.roleId})`,
    );
  }
  const where = and(...filters);
  const column = SORTS[input.sort];
  const order = input.dir === 'asc' ? sql`${column} asc nulls first` : sql`${column} desc nulls last`;
  const rows = await ctx.db
    .select(publicColumns)
    .from(users)
    .where(where)
    .orderBy(order, asc(users.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(users).where(where);
  const roleMap = await rolesOf(
    ctx,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...r, roles: roleMap.get(r.id) ?? [] })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

export async function getUser(ctx: TenantServiceContext, { id }: { id: string }) {
  const [row] = await ctx.db
    .select(publicColumns)
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, id)));
  if (!row) notFound('User');
  return { ...row, roles: (await rolesOf(ctx, [row.id])).get(row.id) ?? [] };
}

/** Checks the roles exist in this tenant and that the actor holds everything they carry. */
async function checkAssignableRoles(ctx: TenantServiceContext, roleIds: string[]) {
  const unique = [...new Set(roleIds)];
  if (unique.length === 0) return unique;
  const found = await ctx.db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, ctx.tenantId), inArray(roles.id, unique)));
  if (found.length !== unique.length) notFound('Role');
  assertCanGrant(ctx.permissions, await permissionsOfRoles(ctx.db, ctx.tenantId, unique));
  return unique;
}

async function setRoles(ctx: TenantServiceContext, userId: string, roleIds: string[]) {
  await ctx.db.delete(userRoles).where(and(eq(userRoles.tenantId, ctx.tenantId), eq(userRoles.userId, userId)));
  if (roleIds.length > 0) {
    await ctx.db.insert(userRoles).values(roleIds.map((roleId) => ({ tenantId: ctx.tenantId, userId, roleId })));
  }
}

/**
 * A workspace always keeps an active user with the built-in admin role. Serialised per tenant,
 * so two admins demoting each other at the same moment cannot both succeed.
 */
export async function assertAnotherAdminRemains(ctx: TenantServiceContext, userId: string) {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`admins:${ctx.tenantId}`}, 0))`);
  const adminRole = await adminRoleId(ctx.db, ctx.tenantId);
  const [{ n } = { n: 0 }] = await ctx.db
    .select({ n: count() })
    .from(userRoles)
    .innerJoin(users, and(eq(users.tenantId, userRoles.tenantId), eq(users.id, userRoles.userId)))
    .where(and(eq(userRoles.tenantId, ctx.tenantId), eq(userRoles.roleId, adminRole), eq(users.status, 'active'), ne(users.id, userId)));
  if (n === 0) forbidden('This is the last active admin of the workspace. Make someone else an admin first.');
}

export async function holdsAdmin(ctx: TenantServiceContext, userId: string) {
  const adminRole = await adminRoleId(ctx.db, ctx.tenantId);
  const [row] = await ctx.db
    .select({ userId: userRoles.userId })
    .from(userRoles)
    .where(and(eq(userRoles.tenantId, ctx.tenantId), eq(userRoles.userId, userId), eq(userRoles.roleId, adminRole)));
  return { adminRole, holds: Boolean(row) };
}

const DUPLICATE_EMAIL = 'A user with this email already exists in this workspace.';

/** Who a link e-mail says it comes from: a person by their address, anything else by role. */
function sentBy(ctx: TenantServiceContext) {
  return ctx.actor.type === 'user' ? ctx.actor.label : 'An administrator';
}

/**
 * Whether the one who asked for a link may see it as well as have it e-mailed: only a person (an
 * API key would become that account) who holds everything the target holds (else a link would
 * hand them more power than their own).
 */
async function maySeeLink(ctx: TenantServiceContext, target: { id: string }) {
  if (ctx.actor.type === 'api_key') return false;
  return (await missingPermissions(ctx, target)).length === 0;
}

/**
 * A link goes to its person by e-mail, sent once its transaction committed. The response shows the
 * link too only while e-mail is not configured (the message is held in the outbox) and only to
 * someone who may see it; otherwise it says where the e-mail went.
 */
async function sendLink(prepared: {
  link: IssuedLink;
  mail: MailMessage;
  maySee: boolean;
}): Promise<{ url: string | null; expiresAt: Date; delivery: MailDelivery }> {
  const delivery = await deliverMail(prepared.mail);
  const show = prepared.maySee && delivery.status === 'held';
  return { url: show ? prepared.link.url : null, expiresAt: prepared.link.expiresAt, delivery };
}

export async function inviteUser(runner: TenantRunner, input: InviteUserInput) {
  const prepared = await runner.inTenant(async (ctx) => {
    const roleIds = await checkAssignableRoles(ctx, input.roleIds);
    const [user] = await uniquely(
      () =>
        ctx.db
          .insert(users)
          .values({ tenantId: ctx.tenantId, email: input.email, fullName: input.fullName, status: 'invited' })
          .returning({ id: users.id }),
      DUPLICATE_EMAIL,
    );
    await setRoles(ctx, user!.id, roleIds);
    const link = await issueUserToken(ctx.db, {
      tenantId: ctx.tenantId,
      userId: user!.id,
      purpose: 'invite',
      createdBy: ctx.userId,
    });
    await recordAudit(ctx, {
      action: 'user.invite',
      resourceType: 'user',
      resourceId: user!.id,
      payload: { email: input.email, roleIds, expiresAt: link.expiresAt.toISOString() },
    });
    const mail = invitationMail({
      tenantId: ctx.tenantId,
      tenantSlug: ctx.tenantSlug,
      to: input.email,
      fullName: input.fullName,
      url: link.url,
      sentBy: sentBy(ctx),
    });
    return { user: await getUser(ctx, { id: user!.id }), link, mail, maySee: await maySeeLink(ctx, user!) };
  });
  return { user: prepared.user, invitation: await sendLink(prepared) };
}

export async function createUser(ctx: TenantServiceContext, input: CreateUserInput) {
  const roleIds = await checkAssignableRoles(ctx, input.roleIds);
  const hashedPassword = await hashPassword(input.password);
  const [user] = await uniquely(
    () =>
      ctx.db
        .insert(users)
        .values({ tenantId: ctx.tenantId, email: input.email, fullName: input.fullName, hashedPassword, status: 'active' })
        .returning({ id: users.id }),
    DUPLICATE_EMAIL,
  );
  await setRoles(ctx, user!.id, roleIds);
  await recordAudit(ctx, {
    action: 'user.create',
    resourceType: 'user',
    resourceId: user!.id,
    payload: { email: input.email, roleIds },
  });
  return getUser(ctx, { id: user!.id });
}

export async function updateUser(ctx: TenantServiceContext, input: UpdateUserInput) {
  const before = await getUser(ctx, { id: input.id });
  await assertOutranks(ctx, before);
  if (input.fullName !== undefined) {
    await ctx.db
      .update(users)
      .set({ fullName: input.fullName })
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.id)));
  }
  if (input.roleIds !== undefined) {
    const roleIds = await checkAssignableRoles(ctx, input.roleIds);
    // Taking roles away is granting in reverse: only for someone who could have granted them.
    const removed = before.roles.map((r) => r.id).filter((id) => !roleIds.includes(id));
    assertCanGrant(ctx.permissions, await permissionsOfRoles(ctx.db, ctx.tenantId, removed));
    const { adminRole, holds } = await holdsAdmin(ctx, input.id);
    if (holds && !roleIds.includes(adminRole) && before.status === 'active') {
      await assertAnotherAdminRemains(ctx, input.id);
    }
    await setRoles(ctx, input.id, roleIds);
  }
  await recordAudit(ctx, {
    action: 'user.update',
    resourceType: 'user',
    resourceId: input.id,
    payload: {
      ...(input.fullName !== undefined ? { fullName: input.fullName } : {}),
      ...(input.roleIds !== undefined ? { roleIds: input.roleIds, previousRoleIds: before.roles.map((r) => r.id) } : {}),
    },
  });
  return getUser(ctx, { id: input.id });
}

/** What `target` holds that the actor does not. */
async function missingPermissions(ctx: TenantServiceContext, target: { id: string }) {
  const held = await loadPermissions(ctx.db, ctx.tenantId, target.id);
  return held.filter((p) => !ctx.permissions.includes(p));
}

/**
 * Acting on a person needs at least that person's power: to rename, change the roles of,
 * deactivate, reactivate or send a link to a user, the actor must hold every permission the user
 * holds. Otherwise a role that may only manage users could take over an admin's account.
 */
export async function assertOutranks(ctx: TenantServiceContext, target: { id: string; email: string }) {
  const missing = await missingPermissions(ctx, target);
  if (missing.length > 0) {
    forbidden(`You cannot change ${target.email}: they hold permissions you do not (${joinPermissions(missing)}).`);
  }
}

export async function setUserActive(ctx: TenantServiceContext, input: { id: string; active: boolean }) {
  const before = await getUser(ctx, { id: input.id });
  await assertOutranks(ctx, before);
  if (!input.active) {
    // Deactivating oneself is allowed (the console confirms it first); only the last admin may not leave.
    if (before.status === 'active' && (await holdsAdmin(ctx, input.id)).holds) {
      await assertAnotherAdminRemains(ctx, input.id);
    }
  } else if (before.status === 'invited') {
    badRequest('This user has not accepted the invitation yet; send a new invitation instead.');
  }
  await ctx.db
    .update(users)
    .set({ status: input.active ? 'active' : 'deactivated', ...(input.active ? {} : { sessionsRevokedAt: new Date() }) })
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.id)));
  await recordAudit(ctx, {
    action: input.active ? 'user.reactivate' : 'user.deactivate',
    resourceType: 'user',
    resourceId: input.id,
    payload: { email: before.email, previousStatus: before.status },
  });
  return getUser(ctx, { id: input.id });
}

/**
 * A new one-time link, e-mailed to the user: an invitation again for invited users, a password
 * reset for the others. Anyone who manages users may have it sent, since it goes to that person's
 * own address; who may also see it is `maySeeLink`'s rule.
 */
export async function issueAccessLink(runner: TenantRunner, input: { id: string }) {
  const prepared = await runner.inTenant(async (ctx) => {
    const user = await getUser(ctx, { id: input.id });
    if (user.status === 'deactivated') badRequest('Reactivate this user before sending a link.');
    const purpose = user.status === 'invited' ? ('invite' as const) : ('password_reset' as const);
    const link = await issueUserToken(ctx.db, { tenantId: ctx.tenantId, userId: user.id, purpose, createdBy: ctx.userId });
    await recordAudit(ctx, {
      action: purpose === 'invite' ? 'user.reinvite' : 'user.password_reset_link',
      resourceType: 'user',
      resourceId: user.id,
      payload: { email: user.email, expiresAt: link.expiresAt.toISOString() },
    });
    const compose = purpose === 'invite' ? invitationMail : passwordResetMail;
    const mail = compose({
      tenantId: ctx.tenantId,
      tenantSlug: ctx.tenantSlug,
      to: user.email,
      fullName: user.fullName,
      url: link.url,
      sentBy: sentBy(ctx),
    });
    return { purpose, link, mail, maySee: await maySeeLink(ctx, user) };
  });
  return { purpose: prepared.purpose, ...(await sendLink(prepared)) };
}
