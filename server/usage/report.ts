import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import { tenantQuotas } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { offsetOf } from '@/server/shared/pagination';
import { burnRateOf } from './burn-rate';
import { tenantTimeZone } from './meter';
import {
  daysBetween,
  usageBreakdownInput,
  usageRangeInput,
  type UsageBreakdownInput,
  type UsageBreakdownRow,
  type UsageExportRow,
  type UsageRangeInput,
  type UsageReport,
} from './schema';

/**
 * The Usage page's figures (issue 11), read from the daily rollups (usage_metrics) only, never
 * from the events. Days are tenant-local. A reader holding users:manage sees the workspace; anyone
 * else sees only their own usage (rows counted against their user, API keys they made included).
 */

type Ctx = Pick<TenantServiceContext, 'db' | 'tenantId' | 'userId' | 'permissions'>;
type ResolvedRange = UsageReport['range'];
type Clock = { today: string; monthStart: string; now: Date; dayStart: Date; dayEnd: Date; monthEnd: Date; timeZone: string };

const num = (value: unknown) => Number(value ?? 0);

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Today, local midnight, the next one and the next month start, in the tenant's time zone. */
async function tenantClock(ctx: Ctx): Promise<Clock> {
  const [row] = await ctx.db.execute<Record<string, unknown>>(sql`
    select tz as time_zone, (now() at time zone tz)::date::text as today,
      date_trunc('month', now() at time zone tz)::date::text as month_start,
      extract(epoch from now())::float8 as now,
      extract(epoch from date_trunc('day', now() at time zone tz) at time zone tz)::float8 as day_start,
      extract(epoch from (date_trunc('day', now() at time zone tz) + interval '1 day') at time zone tz)::float8 as day_end,
      extract(epoch from (date_trunc('month', now() at time zone tz) + interval '1 month') at time zone tz)::float8 as month_end
    from (select ${tenantTimeZone} as tz) z`);
  const at = (key: string) => new Date(num(row![key]) * 1000);
  return {
    timeZone: String(row!.time_zone),
    today: String(row!.today),
    monthStart: String(row!.month_start),
    now: at('now'),
    dayStart: at('day_start'),
    dayEnd: at('day_end'),
    monthEnd: at('month_end'),
  };
}

function scopeOf(ctx: Ctx): 'workspace' | 'own' {
  return ctx.permissions.includes('users:manage') ? 'workspace' : 'own';
}

/** The rows a reader may see: the tenant's (explicitly, with RLS behind it), and only their own without users:manage. */
function visible(ctx: Ctx): SQL {
  const tenant = sql`m.tenant_id = ${ctx.tenantId}`;
  if (scopeOf(ctx) === 'workspace') return tenant;
  return ctx.userId ? sql`${tenant} and m.user_id = ${ctx.userId}` : sql`false`;
}

function rangeOf(ctx: Ctx, clock: Clock, input: UsageRangeInput): ResolvedRange {
  const range = usageRangeInput.parse(input);
  const back = (days: number) => ({ from: addDays(clock.today, -(days - 1)), to: clock.today });
  const span =
    range.preset === 'custom'
      ? { from: range.from!, to: range.to! }
      : range.preset === 'today'
        ? back(1)
        : range.preset === '7d'
          ? back(7)
          : range.preset === '30d'
            ? back(30)
            : range.preset === '90d'
              ? back(90)
              : { from: clock.monthStart, to: clock.today };
  return { ...span, days: daysBetween(span.from, span.to), today: clock.today, timeZone: clock.timeZone, scope: scopeOf(ctx) };
}

/** The range a request asks for, resolved in the tenant's time zone (the CSV export uses it too). */
export async function resolveUsageRange(ctx: Ctx, input: UsageRangeInput): Promise<ResolvedRange> {
  return rangeOf(ctx, await tenantClock(ctx), input);
}

const sums = sql`coalesce(sum(m.tokens_in), 0) as tokens_in, coalesce(sum(m.tokens_out), 0) as tokens_out,
  coalesce(sum(m.tokens_cached), 0) as tokens_cached, coalesce(sum(m.requests), 0) as requests,
  coalesce(sum(m.failed_requests), 0) as failed_requests, coalesce(sum(m.ingestions), 0) as ingestions,
  coalesce(sum(m.ocr_pages), 0) as ocr_pages, coalesce(sum(m.cost_usd), 0) as cost_usd,
  coalesce(sum(m.unpriced_events), 0) as unpriced_events, coalesce(sum(m.storage_bytes), 0) as storage_bytes`;

function figuresOf(row: Record<string, unknown>) {
  return {
    tokensIn: num(row.tokens_in),
    tokensOut: num(row.tokens_out),
    tokensCached: num(row.tokens_cached),
    requests: num(row.requests),
    failedRequests: num(row.failed_requests),
    ingestions: num(row.ingestions),
    ocrPages: num(row.ocr_pages),
    costUsd: num(row.cost_usd),
    unpricedEvents: num(row.unpriced_events),
  };
}

/** Charts, totals, top users, quotas and the burn rate for one date range. */
export async function usageReport(ctx: Ctx, input: UsageRangeInput): Promise<UsageReport> {
  const clock = await tenantClock(ctx);
  const range = rangeOf(ctx, clock, input);
  const where = visible(ctx);
  const inRange = sql`${where} and m.date between ${range.from}::date and ${range.to}::date`;

  const dayRows = await ctx.db.execute<Record<string, unknown>>(sql`
    select d::date::text as date, ${sums}
    from generate_series(${range.from}::date, ${range.to}::date, interval '1 day') d
    left join usage_metrics m on m.date = d::date and ${where}
    group by d order by d`);
  const [before] = await ctx.db.execute<{ bytes: string }>(
    sql`select coalesce(sum(m.storage_bytes), 0) as bytes from usage_metrics m where ${where} and m.date < ${range.from}::date`,
  );
  let stored = num(before?.bytes);
  const days = dayRows.map((row) => {
    stored += num(row.storage_bytes);
    return { date: String(row.date), ...figuresOf(row), storageDelta: num(row.storage_bytes), storageBytes: stored };
  });

  const modelRows = await ctx.db.execute<Record<string, unknown>>(sql`
    select m.date::text as date, m.model, sum(m.tokens_in) as tokens_in, sum(m.tokens_out) as tokens_out
    from usage_metrics m where ${inRange}
    group by m.date, m.model having sum(m.tokens_in + m.tokens_out) > 0
    order by m.date, m.model`);
  const tokensByModel = modelRows.map((r) => ({
    date: String(r.date),
    model: String(r.model),
    tokensIn: num(r.tokens_in),
    tokensOut: num(r.tokens_out),
  }));

  const [all] = await ctx.db.execute<{ bytes: string }>(
    sql`select coalesce(sum(m.storage_bytes), 0) as bytes from usage_metrics m where ${where}`,
  );
  const rangeTotals = days.reduce(
    (t, d) => {
      for (const key of Object.keys(t) as Array<keyof typeof t>) t[key] += d[key];
      return t;
    },
    {
      tokensIn: 0,
      tokensOut: 0,
      tokensCached: 0,
      requests: 0,
      failedRequests: 0,
      ingestions: 0,
      ocrPages: 0,
      costUsd: 0,
      unpricedEvents: 0,
    },
  );

  const topRows = await ctx.db.execute<Record<string, unknown>>(sql`
    select m.user_id::text as user_id, u.full_name, u.email,
      sum(m.tokens_in + m.tokens_out) as tokens, sum(m.requests) as requests,
      sum(m.cost_usd) as cost_usd, sum(m.unpriced_events) as unpriced_events
    from usage_metrics m left join users u on u.tenant_id = m.tenant_id and u.id = m.user_id
    where ${inRange}
    group by m.user_id, u.full_name, u.email
    having sum(m.tokens_in + m.tokens_out) > 0
    order by tokens desc, m.user_id limit 5`);
  const topUsers = topRows.map((r) => ({
    userId: r.user_id ? String(r.user_id) : null,
    name: r.user_id ? String(r.full_name || r.email || 'Removed user') : 'No user (system work)',
    email: r.email ? String(r.email) : null,
    tokens: num(r.tokens),
    requests: num(r.requests),
    costUsd: num(r.cost_usd),
    unpricedEvents: num(r.unpriced_events),
  }));

  const { quotas, tokensToday, dailyMax } = await quotasOf(ctx, clock, where);
  // Refused requests per limit, from the enforcement's daily rollup (the reader's own without users:manage).
  const refusalRows = await ctx.db.execute<{ limit_name: string; refusals: string }>(sql`
    select q.limit_name, sum(q.refusals) as refusals from quota_refusals q
    where q.tenant_id = ${ctx.tenantId} and q.date between ${range.from}::date and ${range.to}::date
      ${scopeOf(ctx) === 'own' ? (ctx.userId ? sql`and q.user_id = ${ctx.userId}` : sql`and false`) : sql``}
    group by q.limit_name order by sum(q.refusals) desc, q.limit_name`);
  const refusals = refusalRows.map((r) => ({ limit: r.limit_name, refusals: num(r.refusals) }));
  return {
    range,
    days,
    tokensByModel,
    totals: { ...rangeTotals, storageBytes: num(all?.bytes) },
    topUsers,
    quotas,
    refusals,
    burnRate: burnRateOf({ tokensToday, max: dailyMax, now: clock.now, dayStart: clock.dayStart, dayEnd: clock.dayEnd }),
  };
}

/**
 * Each limit with what is used of it and when it resets. The workspace's readers see every limit
 * against the workspace (per-user and per-key limits against the busiest user or key today);
 * others see their own daily token limit against their own usage.
 */
async function quotasOf(ctx: Ctx, clock: Clock, where: SQL) {
  const [q] = await ctx.db.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, ctx.tenantId));
  const [today] = await ctx.db.execute<Record<string, unknown>>(sql`
    select coalesce(sum(m.tokens_in + m.tokens_out) filter (where m.date = ${clock.today}::date), 0) as tokens,
      coalesce(sum(m.ingestions) filter (where m.date = ${clock.today}::date), 0) as ingestions,
      coalesce(sum(m.cost_usd) filter (where m.date >= ${clock.monthStart}::date), 0) as month_cost,
      coalesce(sum(m.storage_bytes), 0) as storage
    from usage_metrics m where ${where}`);
  const tokensToday = num(today?.tokens);
  if (scopeOf(ctx) === 'own') {
    const max = q?.maxTokensPerUserPerDay ?? null;
    return {
      tokensToday,
      dailyMax: max,
      quotas: [
        {
          limit: 'tokensPerUserPerDay' as const,
          label: 'Your tokens per day',
          unit: 'tokens' as const,
          max,
          used: tokensToday,
          usedBy: 'you today',
          resetsAt: clock.dayEnd,
        },
      ],
    };
  }
  const busiest = async (column: 'user_id' | 'api_key_id') => {
    const [row] = await ctx.db.execute<{ tokens: string }>(sql`
      select coalesce(max(t), 0) as tokens from (
        select sum(m.tokens_in + m.tokens_out) as t from usage_metrics m
        where ${where} and m.date = ${clock.today}::date and ${sql.raw(`m.${column}`)} is not null
        group by ${sql.raw(`m.${column}`)}) per`);
    return num(row?.tokens);
  };
  const dailyMax = q?.maxTokensPerDay ?? null;
  return {
    tokensToday,
    dailyMax,
    quotas: [
      {
        limit: 'tokensPerDay' as const,
        label: 'Tokens per day',
        unit: 'tokens' as const,
        max: dailyMax,
        used: tokensToday,
        usedBy: 'the workspace today',
        resetsAt: clock.dayEnd,
      },
      {
        limit: 'tokensPerUserPerDay' as const,
        label: 'Tokens per user per day',
        unit: 'tokens' as const,
        max: q?.maxTokensPerUserPerDay ?? null,
        used: await busiest('user_id'),
        usedBy: 'the busiest user today',
        resetsAt: clock.dayEnd,
      },
      {
        limit: 'tokensPerApiKeyPerDay' as const,
        label: 'Tokens per API key per day',
        unit: 'tokens' as const,
        max: q?.maxTokensPerApiKeyPerDay ?? null,
        used: await busiest('api_key_id'),
        usedBy: 'the busiest API key today',
        resetsAt: clock.dayEnd,
      },
      {
        limit: 'requestsPerMinute' as const,
        label: 'Requests per minute',
        unit: 'requests' as const,
        max: q?.maxRequestsPerMinute ?? null,
        used: null,
        usedBy: 'counted as requests arrive',
        resetsAt: null,
      },
      {
        limit: 'ingestionsPerDay' as const,
        label: 'Uploads per day',
        unit: 'ingestions' as const,
        max: q?.maxIngestionsPerDay ?? null,
        used: num(today?.ingestions),
        usedBy: 'the workspace today',
        resetsAt: clock.dayEnd,
      },
      {
        limit: 'storage' as const,
        label: 'Storage',
        unit: 'bytes' as const,
        max: q?.maxStorageBytes ?? null,
        used: num(today?.storage),
        usedBy: 'stored now',
        resetsAt: null,
      },
      {
        limit: 'costPerMonth' as const,
        label: 'Cost per month',
        unit: 'usd' as const,
        max: q?.maxCostPerMonthUsd == null ? null : Number(q.maxCostPerMonthUsd),
        used: num(today?.month_cost),
        usedBy: 'this month (priced usage)',
        resetsAt: clock.monthEnd,
      },
    ],
  };
}

const GROUPS = {
  user: {
    key: sql`coalesce(m.user_id::text, '')`,
    label: sql`case when m.user_id is null then 'No user (system work)' else coalesce(nullif(u.full_name, ''), u.email, 'Removed user') end`,
    detail: sql`u.email`,
    join: sql`left join users u on u.tenant_id = m.tenant_id and u.id = m.user_id`,
  },
  apiKey: {
    key: sql`coalesce(m.api_key_id::text, '')`,
    label: sql`case when m.api_key_id is null then 'Console (no API key)' else coalesce(k.name, 'Removed key') end`,
    detail: sql`k.prefix`,
    join: sql`left join api_keys k on k.tenant_id = m.tenant_id and k.id = m.api_key_id`,
  },
  kind: { key: sql`m.kind`, label: sql`m.kind`, detail: sql`null::text`, join: sql`` },
  model: { key: sql`m.model`, label: sql`coalesce(nullif(m.model, ''), 'No model')`, detail: sql`null::text`, join: sql`` },
} as const;

const SORTS = {
  name: sql`label`,
  tokens: sql`tokens_in + tokens_out`,
  requests: sql`requests`,
  ingestions: sql`ingestions`,
  cost: sql`cost_usd`,
} as const;

/** The range's usage grouped by user, API key, kind or model; sorted and paged here, not in the browser. */
export async function usageBreakdown(ctx: Ctx, rawInput: UsageBreakdownInput) {
  const input = usageBreakdownInput.parse(rawInput);
  const range = await resolveUsageRange(ctx, input.range);
  const group = GROUPS[input.by];
  const grouped = sql`
    select ${group.key} as key, ${group.label} as label, ${group.detail} as detail, ${sums}
    from usage_metrics m ${group.join}
    where ${visible(ctx)} and m.date between ${range.from}::date and ${range.to}::date
    group by 1, 2, 3`;
  const dir = sql.raw(input.dir === 'asc' ? 'asc' : 'desc');
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    with g as (${grouped}) select * from g order by ${SORTS[input.sort]} ${dir}, key asc
    limit ${input.pageSize} offset ${offsetOf(input)}`);
  const [count] = await ctx.db.execute<{ n: string }>(sql`with g as (${grouped}) select count(*) as n from g`);
  const items: UsageBreakdownRow[] = rows.map((r) => ({
    key: String(r.key),
    label: String(r.label),
    detail: r.detail == null ? null : String(r.detail),
    ...figuresOf(r),
    storageBytes: num(r.storage_bytes),
  }));
  return { items, total: num(count?.n), page: input.page, pageSize: input.pageSize, range };
}

/** One batch of the range's rollup rows for the CSV export, after the (date, id) cursor. */
export async function usageExportBatch(
  ctx: Ctx,
  range: Pick<ResolvedRange, 'from' | 'to'>,
  after: { date: string; id: string } | null,
  limit: number,
): Promise<Array<UsageExportRow & { id: string }>> {
  const rows = await ctx.db.execute<Record<string, unknown>>(sql`
    select m.id, m.date::text as date, u.full_name, u.email, k.name as key_name, m.kind, m.model,
      m.tokens_in, m.tokens_out, m.tokens_cached, m.requests, m.failed_requests, m.ingestions, m.ocr_pages,
      m.storage_bytes, m.cost_usd::text as cost_usd, m.unpriced_events
    from usage_metrics m
    left join users u on u.tenant_id = m.tenant_id and u.id = m.user_id
    left join api_keys k on k.tenant_id = m.tenant_id and k.id = m.api_key_id
    where ${visible(ctx)} and m.date between ${range.from}::date and ${range.to}::date
      ${after ? sql`and (m.date, m.id) > (${after.date}::date, ${after.id}::uuid)` : sql``}
    order by m.date, m.id limit ${limit}`);
  return rows.map((r) => ({
    id: String(r.id),
    date: String(r.date),
    userName: r.full_name == null ? null : String(r.full_name),
    userEmail: r.email == null ? null : String(r.email),
    apiKeyName: r.key_name == null ? null : String(r.key_name),
    kind: r.kind as UsageExportRow['kind'],
    model: String(r.model),
    tokensIn: num(r.tokens_in),
    tokensOut: num(r.tokens_out),
    tokensCached: num(r.tokens_cached),
    requests: num(r.requests),
    failedRequests: num(r.failed_requests),
    ingestions: num(r.ingestions),
    ocrPages: num(r.ocr_pages),
    storageBytes: num(r.storage_bytes),
    costUsd: String(r.cost_usd),
    unpricedEvents: num(r.unpriced_events),
  }));
}
