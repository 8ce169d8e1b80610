import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { documents, tenantQuotas, usageMetrics } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { listAudit, tenantChain } from '@/server/audit/service';
import { summarizeRequests } from '@/server/gdpr/requests';
import { tenantTimeZone } from './meter';
import { storageUsed } from './quota';
import type { AttentionItem, Overview, QuotaFigure, QuotaKey } from './schema';

/** A document waiting or processing with no change for this long is reported as stuck. */
export const STUCK_AFTER_MINUTES = 30;

const RECENT_ACTIVITY = 10;

/** The tenant's calendar where it is now: today, the month's first day and when each period ends. */
async function periods(ctx: TenantServiceContext) {
  const iso = (at: ReturnType<typeof sql>) => sql`to_char((${at}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const local = sql`(now() at time zone z.tz)`;
  const [row] = await ctx.db.execute<{ tz: string; today: string; month_start: string; day_ends: string; month_ends: string }>(sql`
    select z.tz,
      ${local}::date::text as today,
      date_trunc('month', ${local})::date::text as month_start,
      ${iso(sql`(date_trunc('day', ${local}) + interval '1 day') at time zone z.tz`)} as day_ends,
      ${iso(sql`(date_trunc('month', ${local}) + interval '1 month') at time zone z.tz`)} as month_ends
    from (select ${tenantTimeZone} as tz) z`);
  return {
    timeZone: row!.tz,
    today: row!.today,
    monthStart: row!.month_start,
    dayEnds: new Date(row!.day_ends),
    monthEnds: new Date(row!.month_ends),
  };
}

/** Today's totals from the rollups, and the busiest single user and API key (for their own limits). */
async function usageFigures(ctx: TenantServiceContext, today: string, monthStart: string) {
  const tokens = sql`${usageMetrics.tokensIn} + ${usageMetrics.tokensOut}`;
  const [day] = await ctx.db
    .select({
      tokens: sql<string>`coalesce(sum(${tokens}), 0)`,
      ingestions: sql<string>`coalesce(sum(${usageMetrics.ingestions}), 0)`,
    })
    .from(usageMetrics)
    .where(and(eq(usageMetrics.tenantId, ctx.tenantId), eq(usageMetrics.date, today)));
  const busiest = (column: typeof usageMetrics.userId | typeof usageMetrics.apiKeyId) =>
    ctx.db.execute<{ n: string | null }>(sql`
      select max(s)::text as n from (
        select sum(${tokens}) as s from ${usageMetrics}
        where ${usageMetrics.tenantId} = ${ctx.tenantId} and ${usageMetrics.date} = ${today} and ${column} is not null
        group by ${column}) per`);
  const [user] = await busiest(usageMetrics.userId);
  const [key] = await busiest(usageMetrics.apiKeyId);
  const [month] = await ctx.db
    .select({
      cost: sql<string>`coalesce(sum(${usageMetrics.costUsd}), 0)`,
      unpriced: sql<string>`coalesce(sum(${usageMetrics.unpricedEvents}), 0)`,
    })
    .from(usageMetrics)
    .where(and(eq(usageMetrics.tenantId, ctx.tenantId), sql`${usageMetrics.date} between ${monthStart} and ${today}`));
  return {
    tokensToday: Number(day?.tokens ?? 0),
    ingestionsToday: Number(day?.ingestions ?? 0),
    busiestUserTokens: Number(user?.n ?? 0),
    busiestKeyTokens: Number(key?.n ?? 0),
    costThisMonth: Number(month?.cost ?? 0),
    unpricedThisMonth: Number(month?.unpriced ?? 0),
  };
}

/** The documents this reader can see, by status. */
async function documentCounts(ctx: TenantServiceContext) {
  const inProgress = sql`${documents.status} in ('uploaded', 'processing')`;
  const stale = sql`${inProgress} and ${documents.updatedAt} < now() - make_interval(mins => ${STUCK_AFTER_MINUTES})`;
  const [row] = await ctx.db
    .select({
      processing: sql<number>`count(*) filter (where ${inProgress})::int`,
      failed: sql<number>`count(*) filter (where ${documents.status} = 'failed')::int`,
      completed: sql<number>`count(*) filter (where ${documents.status} = 'completed')::int`,
      total: sql<number>`count(*)::int`,
      stuck: sql<number>`count(*) filter (where ${stale})::int`,
      stuckSince: sql<
        string | null
      >`to_char(min(${documents.updatedAt}) filter (where ${stale}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    })
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), isNull(documents.deletedAt)));
  return {
    processing: row?.processing ?? 0,
    failed: row?.failed ?? 0,
    completed: row?.completed ?? 0,
    total: row?.total ?? 0,
    stuck: row?.stuck ?? 0,
    stuckSince: row?.stuckSince ? new Date(row.stuckSince) : null,
  };
}

function figure(key: QuotaKey, used: number | null, limit: number | null, resetsAt: Date | null, threshold: number): QuotaFigure {
  // A limit of 0 allows nothing: it is reached from the start.
  const percent = used === null || limit === null ? null : limit === 0 ? 100 : Math.round((used / limit) * 1000) / 10;
  return { key, used, limit, percent, resetsAt, nearLimit: percent !== null && percent >= threshold };
}

type Figures = Omit<Overview, 'attention' | 'recentActivity'>;

/** Something that can need an admin's attention. */
type AttentionSource = (ctx: TenantServiceContext, figures: Figures) => Promise<AttentionItem[]> | AttentionItem[];

const quotasNearLimit: AttentionSource = (_ctx, { quotas }) =>
  quotas.flatMap((q) =>
    q.nearLimit && q.used !== null && q.limit !== null && q.percent !== null
      ? [{ kind: 'quota' as const, quota: q.key, percent: q.percent, used: q.used, limit: q.limit }]
      : [],
  );

const documentProblems: AttentionSource = (_ctx, { documents: d }) => [
  ...(d.failed > 0 ? [{ kind: 'failedDocuments' as const, count: d.failed }] : []),
  ...(d.stuck > 0 && d.stuckSince ? [{ kind: 'stuckDocuments' as const, count: d.stuck, since: d.stuckSince }] : []),
];

const gdprDeadlines: AttentionSource = async (ctx) => {
  if (!ctx.permissions.includes('gdpr:manage')) return [];
  const { overdue, dueSoon } = await summarizeRequests(ctx);
  return [
    ...(overdue > 0 ? [{ kind: 'gdprOverdue' as const, count: overdue }] : []),
    ...(dueSoon > 0 ? [{ kind: 'gdprDueSoon' as const, count: dueSoon }] : []),
  ];
};

const ATTENTION_SOURCES: AttentionSource[] = [quotasNearLimit, documentProblems, gdprDeadlines];

/**
 * The admin's landing page in one read: today's usage against every quota with when each resets,
 * documents by status, the latest audit entries (for audit:read holders) and what needs attention.
 */
export async function getOverview(ctx: TenantServiceContext): Promise<Overview> {
  const period = await periods(ctx);
  const [quota] = await ctx.db.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, ctx.tenantId));
  const usage = await usageFigures(ctx, period.today, period.monthStart);
  const storage = await storageUsed(ctx.db, ctx.tenantId);
  const threshold = quota?.softThresholdPercent ?? 80;
  const costCap = quota?.maxCostPerMonthUsd == null ? null : Number(quota.maxCostPerMonthUsd);
  const figures: Figures = {
    timeZone: period.timeZone,
    today: period.today,
    softThresholdPercent: threshold,
    quotas: [
      figure('tokensPerDay', usage.tokensToday, quota?.maxTokensPerDay ?? null, period.dayEnds, threshold),
      figure('tokensPerUserPerDay', usage.busiestUserTokens, quota?.maxTokensPerUserPerDay ?? null, period.dayEnds, threshold),
      figure('tokensPerApiKeyPerDay', usage.busiestKeyTokens, quota?.maxTokensPerApiKeyPerDay ?? null, period.dayEnds, threshold),
      figure('ingestionsPerDay', usage.ingestionsToday, quota?.maxIngestionsPerDay ?? null, period.dayEnds, threshold),
      figure('storageBytes', storage, quota?.maxStorageBytes ?? null, null, threshold),
      figure('requestsPerMinute', null, quota?.maxRequestsPerMinute ?? null, null, threshold),
      figure('costPerMonthUsd', Math.round(usage.costThisMonth * 100) / 100, costCap, period.monthEnds, threshold),
    ],
    unpricedEventsThisMonth: usage.unpricedThisMonth,
    documents: await documentCounts(ctx),
  };
  // One after another: they share the request's transaction.
  const attention: AttentionItem[] = [];
  for (const source of ATTENTION_SOURCES) attention.push(...(await source(ctx, figures)));
  // The card is left out, not refused: the overview is for admins who may lack only this one.
  const recentActivity = ctx.permissions.includes('audit:read')
    ? (await listAudit(tenantChain(ctx), { page: 1, pageSize: RECENT_ACTIVITY })).items.map((e) => ({
        id: e.id,
        createdAt: e.createdAt,
        actorType: e.actorType,
        actorLabel: e.actorLabel,
        action: e.action,
        resourceType: e.resourceType,
        status: e.status,
      }))
    : null;
  return { ...figures, recentActivity, attention };
}
