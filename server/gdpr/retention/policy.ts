import 'server-only';
import { count, desc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { dataRetentionJobs, retentionPolicies } from '@/db/schema';
import { withRestrictedVisible } from '@/db/tenant';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest } from '@/server/shared/errors';
import { offsetOf } from '@/server/shared/pagination';
import {
  AUDIT_FLOOR_DAYS,
  describeClassCounts,
  RETENTION_CLASS_INFO,
  RETENTION_CLASSES,
  removesAnything,
  shortenedClasses,
  type RetentionClass,
  type RetentionCounts,
  type RetentionPolicies,
} from '@/lib/retention';
import { countPastRetention } from './classes';
import type { RetentionJobListInput, RetentionPolicyOutput, RetentionPreview, RetentionPreviewInput, UpdateRetentionInput } from './schema';

export const FOREVER: RetentionPolicies = { chats: null, documents: null, usage_events: null, evaluations: null, audit: null };

type PolicyRow = typeof retentionPolicies.$inferSelect;

export const policiesOf = (row: PolicyRow | undefined): RetentionPolicies =>
  row
    ? {
        chats: row.chatsDays,
        documents: row.documentsDays,
        usage_events: row.usageEventsDays,
        evaluations: row.evaluationsDays,
        audit: row.auditDays,
      }
    : FOREVER;

const columnsOf = (p: RetentionPolicies) => ({
  chatsDays: p.chats,
  documentsDays: p.documents,
  usageEventsDays: p.usage_events,
  evaluationsDays: p.evaluations,
  auditDays: p.audit,
});

/** The tenant's saved periods (everything forever when none were ever set). */
export async function loadPolicies(tx: Tx, tenantId: string): Promise<{ policies: RetentionPolicies; updatedAt: Date | null }> {
  const [row] = await tx.select().from(retentionPolicies).where(eq(retentionPolicies.tenantId, tenantId));
  return { policies: policiesOf(row), updatedAt: row?.updatedAt ?? null };
}

export async function getRetention(ctx: TenantServiceContext): Promise<RetentionPolicyOutput> {
  return { ...(await loadPolicies(ctx.db, ctx.tenantId)), auditFloorDays: AUDIT_FLOOR_DAYS };
}

/** What each class with a finite period would remove now, counting restricted documents too. */
async function countAll(
  ctx: TenantServiceContext,
  policies: RetentionPolicies,
  classes: readonly RetentionClass[] = RETENTION_CLASSES,
): Promise<RetentionCounts> {
  return withRestrictedVisible(ctx.db, async () => {
    const counts: RetentionCounts = {};
    for (const cls of classes) {
      const days = policies[cls];
      if (days !== null) counts[cls] = await countPastRetention(ctx.db, ctx.tenantId, cls, days);
    }
    return counts;
  });
}

export async function previewRetention(ctx: TenantServiceContext, input: RetentionPreviewInput): Promise<RetentionPreview> {
  const { policies: saved } = await loadPolicies(ctx.db, ctx.tenantId);
  return { counts: await countAll(ctx, input.policies), shortened: shortenedClasses(saved, input.policies) };
}

/**
 * Saves the periods. A shorter period than the saved one (or a first one) removes data at the
 * next daily run, so it needs `confirm` after the preview; without it nothing changes and the
 * refusal says how much would go.
 */
export async function updateRetention(ctx: TenantServiceContext, input: UpdateRetentionInput): Promise<RetentionPolicyOutput> {
  const { policies: saved } = await loadPolicies(ctx.db, ctx.tenantId);
  const shortened = shortenedClasses(saved, input.policies);
  if (shortened.length > 0 && !input.confirm) {
    const counts = await countAll(ctx, input.policies, shortened);
    const parts = shortened.map(
      (cls) =>
        `${RETENTION_CLASS_INFO[cls].label.toLowerCase()} to ${input.policies[cls]} days (${describeClassCounts(cls, counts[cls] ?? {})})`,
    );
    const goes = shortened.some((cls) => removesAnything(counts[cls]))
      ? 'The next daily run removes what is past the new periods.'
      : 'Nothing is past the new periods yet.';
    badRequest(`This shortens the retention of ${parts.join('; ')}. ${goes} Look at the preview and confirm to save.`);
  }
  const values = columnsOf(input.policies);
  await ctx.db
    .insert(retentionPolicies)
    .values({ tenantId: ctx.tenantId, ...values, updatedBy: ctx.userId })
    .onConflictDoUpdate({ target: retentionPolicies.tenantId, set: { ...values, updatedBy: ctx.userId, updatedAt: new Date() } });
  await recordAudit(ctx, {
    action: 'retention.policy_update',
    resourceType: 'retention_policy',
    resourceId: ctx.tenantId,
    payload: { policies: input.policies, previous: saved, shortened, confirmed: input.confirm },
  });
  return getRetention(ctx);
}

export async function listRetentionJobs(ctx: TenantServiceContext, input: RetentionJobListInput) {
  const where = eq(dataRetentionJobs.tenantId, ctx.tenantId);
  const rows = await ctx.db
    .select()
    .from(dataRetentionJobs)
    .where(where)
    .orderBy(desc(dataRetentionJobs.scheduledAt), desc(dataRetentionJobs.createdAt))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(dataRetentionJobs).where(where);
  return {
    items: rows.map((r) => ({
      id: r.id,
      localDate: r.localDate,
      scheduledAt: r.scheduledAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      status: r.status,
      counts: r.deletedCounts,
      error: r.error,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
