import 'server-only';
import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { withTenantInTransaction } from '@/db/tenant';
import { tenantQuotas, tenants, users, userRoles, type TENANT_PLANS, type TenantSettings } from '@/db/schema';
import { recordSystemAudit } from '@/server/audit/record';
import { actingCookieValue } from '@/server/auth/acting';
import type { SystemServiceContext } from '@/server/auth/types';
import { badRequest, conflict, notFound } from '@/server/shared/errors';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import { mailConfig } from '@/server/mail/config';
import { sendMail } from '@/server/mail/deliver';
import { invitationMail } from '@/server/users/mail';
import { issueUserToken } from '@/server/users/tokens';
import { DEFAULT_QUOTAS } from '@/lib/quota-defaults';
import { createTenantRows } from './create';
import { schedulePurges } from './purge';
import type { CreateTenantInput, DeleteTenantInput, TenantListInput } from './schema';

type Plan = (typeof TENANT_PLANS)[number];
export type Quotas = {
  maxTokensPerDay: number | null;
  maxIngestionsPerDay: number | null;
  maxStorageBytes: number | null;
  maxRequestsPerMinute: number | null;
  maxCostPerMonthUsd: number | null;
  maxTokensPerUserPerDay: number | null;
  maxTokensPerApiKeyPerDay: number | null;
  softThresholdPercent: number;
};

/** Quotas as the table stores them: the cost cap is a numeric (a decimal string). */
export function quotaColumns(q: Partial<Quotas>): Partial<typeof tenantQuotas.$inferInsert> {
  const { maxCostPerMonthUsd, ...rest } = q;
  return {
    ...rest,
    ...(maxCostPerMonthUsd !== undefined ? { maxCostPerMonthUsd: maxCostPerMonthUsd === null ? null : maxCostPerMonthUsd.toFixed(2) } : {}),
  };
}

/**
 * Per-tenant figures for the superadmin list. Read on the privileged connection: this is the one
 * place that looks across tenants, and it only reads aggregates.
 */
const stats = {
  users: sql<number>`(select count(*)::int from users u where u.tenant_id = tenants.id)`,
  documents: sql<number>`(select count(*)::int from documents d where d.tenant_id = tenants.id and d.deleted_at is null)`,
  storageBytes: sql<number>`(select coalesce(sum(d.size_bytes), 0)::bigint from documents d where d.tenant_id = tenants.id and d.deleted_at is null)`,
  tokensThisMonth: sql<number>`(select coalesce(sum(m.tokens_in + m.tokens_out), 0)::bigint from usage_metrics m where m.tenant_id = tenants.id and m.user_id is null and m.date >= date_trunc('month', now())::date)`,
  lastActivityAt: sql<Date | null>`(select max(a.created_at) from audit_logs a where a.tenant_id = tenants.id)`,
};

const SORT_SQL: Record<TenantListInput['sort'], SQL> = {
  name: sql`lower(${tenants.name})`,
  created: sql`${tenants.createdAt}`,
  users: sql`users`,
  documents: sql`documents`,
  storage: sql`storage_bytes`,
  tokens: sql`tokens_this_month`,
  lastActivity: sql`last_activity_at`,
};

export async function listTenants({ db }: SystemServiceContext, input: TenantListInput) {
  const filters: SQL[] = [];
  if (input.search?.trim()) {
    const pattern = likePattern(input.search.trim());
    filters.push(or(ilike(tenants.name, pattern), ilike(tenants.slug, pattern))!);
  }
  if (input.status) filters.push(eq(tenants.status, input.status));
  const where = filters.length ? and(...filters) : undefined;
  const direction = input.dir === 'asc' ? sql`asc nulls first` : sql`desc nulls last`;
  const rows = await db
    .select({
      id: tenants.id,
      name: tenants.name,
      slug: tenants.slug,
      status: tenants.status,
      plan: tenants.plan,
      createdAt: tenants.createdAt,
      deletedAt: tenants.deletedAt,
      purgedAt: tenants.purgedAt,
      users: stats.users.as('users'),
      documents: stats.documents.as('documents'),
      storageBytes: stats.storageBytes.mapWith(Number).as('storage_bytes'),
      tokensThisMonth: stats.tokensThisMonth.mapWith(Number).as('tokens_this_month'),
      lastActivityAt: stats.lastActivityAt.mapWith((v: string | null) => (v ? new Date(v) : null)).as('last_activity_at'),
    })
    .from(tenants)
    .where(where)
    .orderBy(sql`${SORT_SQL[input.sort]} ${direction}`, tenants.id)
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(tenants)
    .where(where);
  return { items: rows, total, page: input.page, pageSize: input.pageSize };
}

export async function getTenant({ db }: Pick<SystemServiceContext, 'db'>, { id }: { id: string }) {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
  if (!row) notFound('Tenant');
  const [quotas] = await db.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, id));
  const [figures] = await db
    .select({
      users: stats.users,
      documents: stats.documents,
      storageBytes: stats.storageBytes.mapWith(Number),
      tokensThisMonth: stats.tokensThisMonth.mapWith(Number),
      lastActivityAt: stats.lastActivityAt.mapWith((v: string | null) => (v ? new Date(v) : null)),
    })
    .from(tenants)
    .where(eq(tenants.id, id));
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    plan: row.plan,
    planExpiresAt: row.planExpiresAt,
    settings: row.settings,
    retentionDays: row.retentionDays,
    createdAt: row.createdAt,
    deletedAt: row.deletedAt,
    purgedAt: row.purgedAt,
    purgeResult: row.purgeResult,
    quotas: {
      maxTokensPerDay: quotas?.maxTokensPerDay ?? null,
      maxIngestionsPerDay: quotas?.maxIngestionsPerDay ?? null,
      maxStorageBytes: quotas?.maxStorageBytes ?? null,
      maxRequestsPerMinute: quotas?.maxRequestsPerMinute ?? null,
      maxCostPerMonthUsd: quotas?.maxCostPerMonthUsd == null ? null : Number(quotas.maxCostPerMonthUsd),
      maxTokensPerUserPerDay: quotas?.maxTokensPerUserPerDay ?? null,
      maxTokensPerApiKeyPerDay: quotas?.maxTokensPerApiKeyPerDay ?? null,
      softThresholdPercent: quotas?.softThresholdPercent ?? 80,
    },
    ...figures!,
  };
}

export async function createTenantWithAdmin(ctx: SystemServiceContext, input: CreateTenantInput) {
  const [existing] = await ctx.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
  if (existing) conflict(`The slug "${input.slug}" is taken. Choose another.`);
  const { tenant, roleIds } = await createTenantRows(ctx.db, {
    name: input.name,
    slug: input.slug,
    plan: input.plan,
    quotas: { ...DEFAULT_QUOTAS, ...input.quotas },
  });
  // The first admin's row is tenant data: written under the new tenant's RLS scope.
  const link = await withTenantInTransaction(ctx.db, { tenantId: tenant.id }, async () => {
    const [admin] = await ctx.db
      .insert(users)
      .values({ tenantId: tenant.id, email: input.adminEmail, fullName: '', status: 'invited' })
      .returning({ id: users.id });
    await ctx.db.insert(userRoles).values({ tenantId: tenant.id, userId: admin!.id, roleId: roleIds.admin });
    return issueUserToken(ctx.db, { tenantId: tenant.id, userId: admin!.id, purpose: 'invite', createdBy: null });
  });
  // E-mailed once the tenant exists (after commit). The superadmin, a person who outranks
  // everyone, sees the link only while e-mail is off; then the message waits in the outbox.
  sendMail(
    ctx,
    invitationMail({
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      to: input.adminEmail,
      fullName: '',
      url: link.url,
      sentBy: ctx.actor.label,
    }),
  );
  const emailed = mailConfig().smtpUrl !== null;
  const invitation = {
    url: emailed ? null : link.url,
    expiresAt: link.expiresAt,
    delivery: { to: input.adminEmail, status: emailed ? ('queued' as const) : ('held' as const) },
  };
  await recordSystemAudit(ctx, {
    tenantId: tenant.id,
    action: 'tenant.create',
    resourceType: 'tenant',
    resourceId: tenant.id,
    payload: { name: input.name, slug: input.slug, plan: input.plan, adminEmail: input.adminEmail },
  });
  return { tenant: await getTenant(ctx, { id: tenant.id }), invitation };
}

export async function updateTenant(
  ctx: SystemServiceContext,
  input: {
    id: string;
    name?: string;
    plan?: Plan;
    quotas?: Partial<Quotas>;
    settings?: TenantSettings;
    retentionDays?: number | null;
  },
) {
  const before = await getTenant(ctx, { id: input.id });
  if (before.status === 'deleted') badRequest('A deleted tenant cannot be changed.');
  const patch: Partial<typeof tenants.$inferInsert> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.plan !== undefined) patch.plan = input.plan;
  if (input.settings !== undefined) patch.settings = { ...before.settings, ...input.settings };
  if (input.retentionDays !== undefined) patch.retentionDays = input.retentionDays;
  if (Object.keys(patch).length > 0) await ctx.db.update(tenants).set(patch).where(eq(tenants.id, input.id));
  if (input.quotas) {
    const merged = { ...before.quotas, ...input.quotas };
    for (const [key, what] of [
      ['maxTokensPerUserPerDay', 'per user'],
      ['maxTokensPerApiKeyPerDay', 'per API key'],
    ] as const) {
      if (merged[key] !== null && merged.maxTokensPerDay !== null && merged[key] > merged.maxTokensPerDay) {
        badRequest(
          `The token limit ${what} cannot be above the tenant's tokens per day (${merged.maxTokensPerDay.toLocaleString('en-US')}).`,
        );
      }
    }
    await ctx.db
      .insert(tenantQuotas)
      .values({ tenantId: input.id, ...quotaColumns(merged) })
      .onConflictDoUpdate({ target: tenantQuotas.tenantId, set: quotaColumns(input.quotas) });
  }
  await recordSystemAudit(ctx, {
    tenantId: input.id,
    action: 'tenant.update',
    resourceType: 'tenant',
    resourceId: input.id,
    payload: { ...patch, quotas: input.quotas },
  });
  return getTenant(ctx, { id: input.id });
}

export async function setTenantSuspended(ctx: SystemServiceContext, input: { id: string; suspended: boolean }) {
  const before = await getTenant(ctx, { id: input.id });
  if (before.status === 'deleted') badRequest('A deleted tenant cannot be suspended or reactivated.');
  if (input.suspended && before.status === 'suspended') badRequest('This tenant is already suspended.');
  if (!input.suspended && before.status !== 'suspended') badRequest('This tenant is not suspended.');
  await ctx.db
    .update(tenants)
    .set({ status: input.suspended ? 'suspended' : 'active', ...(input.suspended ? { sessionsRevokedAt: new Date() } : {}) })
    .where(eq(tenants.id, input.id));
  await recordSystemAudit(ctx, {
    tenantId: input.id,
    action: input.suspended ? 'tenant.suspend' : 'tenant.reactivate',
    resourceType: 'tenant',
    resourceId: input.id,
    payload: { slug: before.slug, previousStatus: before.status },
  });
  return getTenant(ctx, { id: input.id });
}

/** Marks the tenant deleted at once (nobody can use it from now on); a background purge removes its data. */
export async function deleteTenant(ctx: SystemServiceContext, input: DeleteTenantInput) {
  const before = await getTenant(ctx, { id: input.id });
  if (before.status === 'deleted') badRequest('This tenant is already deleted.');
  if (input.confirmSlug.trim() !== before.slug) {
    badRequest(`Type the tenant's slug "${before.slug}" to confirm.`);
  }
  await ctx.db.update(tenants).set({ status: 'deleted', deletedAt: new Date() }).where(eq(tenants.id, input.id));
  await recordSystemAudit(ctx, {
    action: 'tenant.delete',
    resourceType: 'tenant',
    resourceId: input.id,
    payload: { slug: before.slug, name: before.name },
  });
  // Only once the deletion has committed: a purge started earlier would find the tenant live.
  ctx.afterCommit(() => schedulePurges());
  return getTenant(ctx, { id: input.id });
}

/** Audits the entry and returns the signed value of the acting cookie, which the caller sets. */
export async function enterTenant(ctx: SystemServiceContext, input: { id: string }) {
  const tenant = await getTenant(ctx, { id: input.id });
  if (tenant.status === 'deleted') badRequest('A deleted tenant cannot be entered.');
  await recordSystemAudit(ctx, {
    tenantId: tenant.id,
    action: 'tenant.enter',
    resourceType: 'tenant',
    resourceId: tenant.id,
    payload: { slug: tenant.slug },
  });
  return { slug: tenant.slug, acting: actingCookieValue(ctx.actor.id!, tenant.id) };
}

/** Audits the exit; the caller clears the acting cookie. */
export async function exitTenant(ctx: SystemServiceContext, acting: { tenantId: string; tenantSlug: string } | null) {
  if (acting) {
    await recordSystemAudit(ctx, {
      tenantId: acting.tenantId,
      action: 'tenant.exit',
      resourceType: 'tenant',
      resourceId: acting.tenantId,
      payload: { slug: acting.tenantSlug },
    });
  }
  return { ok: true };
}
