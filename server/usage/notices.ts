import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { quotaCounters, quotaNotices, rolePermissions, tenantQuotas, userRoles, users, type QuotaScope } from '@/db/schema';
import { formatNumber } from '@/lib/format';
import { sendMail } from '@/server/mail/deliver';
import type { AfterCommit } from '@/server/auth/types';
import { counterKey, LIMIT_NAMES, periods } from './limits';

type NoticeCtx = { db: Tx; tenantId: string; userId: string | null; actor: { type: string; id: string | null }; afterCommit: AfterCommit };

const LIMIT_LABELS: Record<QuotaScope, string> = {
  tenant: 'daily token limit of the workspace',
  user: 'daily token limit of a user',
  api_key: 'daily token limit of an API key',
  cost_month: 'monthly cost cap of the workspace',
};

/** Who hears of a soft threshold: every active user who manages users or settings. */
async function adminEmails(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ email: users.email })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.tenantId, users.tenantId), eq(userRoles.userId, users.id)))
    .innerJoin(rolePermissions, and(eq(rolePermissions.tenantId, userRoles.tenantId), eq(rolePermissions.roleId, userRoles.roleId)))
    .where(
      and(
        eq(users.tenantId, tenantId),
        eq(users.status, 'active'),
        inArray(rolePermissions.permission, ['users:manage', 'settings:manage']),
      ),
    );
  return rows.map((r) => r.email);
}

/**
 * After usage was counted: for each limit of this call's subjects whose counter passed the soft
 * threshold, records a notice (unique per tenant, limit, subject and period, so a second pass
 * inserts nothing) and e-mails the tenant's admins after commit. Once per period, by construction.
 */
export async function checkSoftThresholds(ctx: NoticeCtx): Promise<void> {
  const [quotas] = await ctx.db.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, ctx.tenantId));
  if (!quotas) return;
  const p = await periods(ctx.db);
  const apiKeyId = ctx.actor.type === 'api_key' ? ctx.actor.id : null;
  const limits: Array<{ scope: QuotaScope; subjectId: string; period: string; limit: number }> = [];
  if (quotas.maxTokensPerDay != null)
    limits.push({ scope: 'tenant', subjectId: ctx.tenantId, period: p.day, limit: quotas.maxTokensPerDay });
  if (quotas.maxTokensPerUserPerDay != null && ctx.userId)
    limits.push({ scope: 'user', subjectId: ctx.userId, period: p.day, limit: quotas.maxTokensPerUserPerDay });
  if (quotas.maxTokensPerApiKeyPerDay != null && apiKeyId)
    limits.push({ scope: 'api_key', subjectId: apiKeyId, period: p.day, limit: quotas.maxTokensPerApiKeyPerDay });
  if (quotas.maxCostPerMonthUsd != null)
    limits.push({ scope: 'cost_month', subjectId: ctx.tenantId, period: p.month, limit: Number(quotas.maxCostPerMonthUsd) });
  for (const l of limits) {
    const [counter] = await ctx.db.select({ used: quotaCounters.used }).from(quotaCounters).where(counterKey(ctx.tenantId, l));
    const used = Number(counter?.used ?? 0);
    if (used < (l.limit * quotas.softThresholdPercent) / 100) continue;
    const [notice] = await ctx.db
      .insert(quotaNotices)
      .values({
        tenantId: ctx.tenantId,
        limitName: LIMIT_NAMES[l.scope],
        subjectId: l.subjectId,
        period: l.period,
        used: String(used),
        limitValue: String(l.limit),
      })
      .onConflictDoNothing()
      .returning({ id: quotaNotices.id });
    if (!notice) continue;
    const amount =
      l.scope === 'cost_month'
        ? `$${used.toFixed(2)} of $${l.limit.toFixed(2)}`
        : `${formatNumber(used)} of ${formatNumber(l.limit)} tokens`;
    const text = `The ${LIMIT_LABELS[l.scope]} has passed ${quotas.softThresholdPercent}%: ${amount} used (${l.period}). Requests are refused once it is reached; raise the quota in the console if needed.`;
    for (const to of await adminEmails(ctx.db, ctx.tenantId)) {
      sendMail(ctx, {
        tenantId: ctx.tenantId,
        kind: 'quota_notice',
        to,
        subject: `Quota at ${quotas.softThresholdPercent}%: ${LIMIT_LABELS[l.scope]}`,
        text,
        html: `<p>${text}</p>`,
      });
    }
  }
}

export type QuotaNotice = { limitName: string; subjectId: string; period: string; used: number; limit: number; createdAt: Date };

/** The soft-threshold notices of the current day and month (for the overview page). */
export async function listQuotaNotices(ctx: { db: Tx; tenantId: string }): Promise<QuotaNotice[]> {
  const p = await periods(ctx.db);
  const rows = await ctx.db
    .select()
    .from(quotaNotices)
    .where(and(eq(quotaNotices.tenantId, ctx.tenantId), sql`${quotaNotices.period} in (${p.day}, ${p.month})`))
    .orderBy(desc(quotaNotices.createdAt));
  return rows.map((r) => ({
    limitName: r.limitName,
    subjectId: r.subjectId,
    period: r.period,
    used: Number(r.used),
    limit: Number(r.limitValue),
    createdAt: r.createdAt,
  }));
}
