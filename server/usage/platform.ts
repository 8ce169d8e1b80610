import 'server-only';
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { modelPrices, tenants } from '@/db/schema';
import { recordSystemAudit } from '@/server/audit/record';
import type { SystemServiceContext } from '@/server/auth/types';
import { badRequest, notFound, uniquely } from '@/server/shared/errors';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import type { CreatePriceInput, PlatformUsageListInput, PriceListInput } from './platform-schema';

/**
 * The superadmin's view of usage across tenants (issue 11). Everything here runs on the privileged
 * connection (superadminProcedure), the one place that reads usage of every tenant; it reads the
 * daily rollups (usage_metrics), never the events.
 */

/** A clock-skew allowance: a price "from now" typed a moment ago in the browser still starts now. */
const PAST_TOLERANCE_MS = 5 * 60 * 1000;

/** Today in UTC, whatever the session's time zone: tenants' own days differ, so the platform counts in UTC. */
const utcToday = sql`(now() at time zone 'UTC')::date`;

const SORTS: Record<PlatformUsageListInput['sort'], SQL> = {
  tokens: sql`tokens`,
  cost: sql`cost_usd`,
  storage: sql`storage_bytes`,
  growth: sql`growth_percent`,
  name: sql`lower(t.name)`,
};

/**
 * Per tenant: tokens, cost (and unpriced events), requests in the last `days` days (UTC dates,
 * today included), bytes stored now, and token growth against the `days` days before.
 */
export async function listPlatformUsage({ db }: SystemServiceContext, input: PlatformUsageListInput) {
  const [range] = await db.execute<{ to: string; from: string; prev: string }>(
    sql`select ${utcToday}::text as to, (${utcToday} - ${input.days - 1}::int)::text as from,
      (${utcToday} - ${2 * input.days - 1}::int)::text as prev`,
  );
  const { from, to, prev } = range!;
  const search = input.search ? likePattern(input.search) : null;
  const where = search ? sql`where t.name ilike ${search} or t.slug ilike ${search}` : sql``;
  const direction = input.dir === 'asc' ? sql`asc nulls first` : sql`desc nulls last`;
  const inRange = sql`m.date between ${from}::date and ${to}::date`;
  const rows = await db.execute<{
    id: string;
    name: string;
    slug: string;
    status: (typeof tenants.$inferSelect)['status'];
    tokens: string;
    cost_usd: string;
    unpriced_events: string;
    requests: string;
    storage_bytes: string;
    growth_percent: string | null;
    total: string;
  }>(sql`
    with agg as (
      select m.tenant_id,
        coalesce(sum(m.tokens_in + m.tokens_out) filter (where ${inRange}), 0) as tokens,
        coalesce(sum(m.tokens_in + m.tokens_out) filter (where m.date >= ${prev}::date and m.date < ${from}::date), 0) as prev_tokens,
        coalesce(sum(m.cost_usd) filter (where ${inRange}), 0) as cost_usd,
        coalesce(sum(m.unpriced_events) filter (where ${inRange}), 0) as unpriced_events,
        coalesce(sum(m.requests) filter (where ${inRange}), 0) as requests,
        coalesce(sum(m.storage_bytes), 0) as storage_bytes
      from usage_metrics m
      group by m.tenant_id
    ), listed as (
      select t.id, t.name, t.slug, t.status,
        coalesce(a.tokens, 0) as tokens, coalesce(a.cost_usd, 0) as cost_usd,
        coalesce(a.unpriced_events, 0) as unpriced_events, coalesce(a.requests, 0) as requests,
        greatest(coalesce(a.storage_bytes, 0), 0) as storage_bytes,
        case when coalesce(a.prev_tokens, 0) = 0 then null
          else round((a.tokens - a.prev_tokens) * 100.0 / a.prev_tokens, 1) end as growth_percent
      from tenants t left join agg a on a.tenant_id = t.id
      ${where}
    )
    select t.*, count(*) over () as total from listed t
    order by ${SORTS[input.sort]} ${direction}, lower(t.name) asc, t.id asc
    limit ${input.pageSize} offset ${offsetOf(input)}`);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && input.page > 1) {
    // Past the last page: the window count is missing, so count the matches alone.
    const [{ n } = { n: 0 }] = await db
      .select({ n: count() })
      .from(tenants)
      .where(search ? or(ilike(tenants.name, search), ilike(tenants.slug, search)) : undefined);
    total = n;
  }
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      slug: r.slug,
      status: r.status,
      tokens: Number(r.tokens),
      costUsd: decimalText(r.cost_usd),
      unpricedEvents: Number(r.unpriced_events),
      requests: Number(r.requests),
      storageBytes: Number(r.storage_bytes),
      growthPercent: r.growth_percent === null ? null : Number(r.growth_percent),
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
    from,
    to,
  };
}

/** "12.340000" → "12.34": a numeric as people read it, never through a float. */
function decimalText(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

const priceColumns = {
  id: modelPrices.id,
  tenantId: tenants.id,
  tenantName: tenants.name,
  tenantSlug: tenants.slug,
  modelPattern: modelPrices.modelPattern,
  inputPerMTokUsd: modelPrices.inputPerMTokUsd,
  outputPerMTokUsd: modelPrices.outputPerMTokUsd,
  cachedPerMTokUsd: modelPrices.cachedPerMTokUsd,
  effectiveFrom: modelPrices.effectiveFrom,
  createdAt: modelPrices.createdAt,
  scheduled: sql<boolean>`${modelPrices.effectiveFrom} > clock_timestamp()`,
};

type PriceRow = {
  id: string;
  tenantId: string | null;
  tenantName: string | null;
  tenantSlug: string | null;
  modelPattern: string;
  inputPerMTokUsd: string;
  outputPerMTokUsd: string;
  cachedPerMTokUsd: string;
  effectiveFrom: Date;
  createdAt: Date;
  scheduled: boolean;
};

function priceOf({ tenantId, tenantName, tenantSlug, ...r }: PriceRow) {
  return {
    ...r,
    inputPerMTokUsd: decimalText(r.inputPerMTokUsd),
    outputPerMTokUsd: decimalText(r.outputPerMTokUsd),
    cachedPerMTokUsd: decimalText(r.cachedPerMTokUsd),
    tenant: tenantId && tenantName && tenantSlug ? { id: tenantId, name: tenantName, slug: tenantSlug } : null,
  };
}

/** Platform prices first, then tenant overrides by tenant name; per pattern, the newest first. */
export async function listPrices({ db }: SystemServiceContext, input: PriceListInput) {
  const where = input.search
    ? or(ilike(modelPrices.modelPattern, likePattern(input.search)), ilike(tenants.name, likePattern(input.search)))
    : undefined;
  const rows = await db
    .select(priceColumns)
    .from(modelPrices)
    .leftJoin(tenants, eq(tenants.id, modelPrices.tenantId))
    .where(where)
    .orderBy(sql`${modelPrices.tenantId} is not null`, asc(tenants.name), asc(modelPrices.modelPattern), desc(modelPrices.effectiveFrom))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(modelPrices)
    .leftJoin(tenants, eq(tenants.id, modelPrices.tenantId))
    .where(where);
  return { items: rows.map(priceOf), total, page: input.page, pageSize: input.pageSize };
}

async function getPrice({ db }: SystemServiceContext, id: string) {
  const [row] = await db
    .select(priceColumns)
    .from(modelPrices)
    .leftJoin(tenants, eq(tenants.id, modelPrices.tenantId))
    .where(eq(modelPrices.id, id));
  if (!row) notFound('The price');
  return priceOf(row);
}

/**
 * Adds a price from `effectiveFrom` (default now). History is never edited: a change is a new row
 * from a later moment, and costs already written keep the price they were computed with.
 */
export async function createPrice(ctx: SystemServiceContext, input: CreatePriceInput) {
  if (input.effectiveFrom && input.effectiveFrom.getTime() < Date.now() - PAST_TOLERANCE_MS) {
    badRequest(
      'A price cannot start in the past: costs already charged never change. Leave the date empty to start now, or pick a later one.',
    );
  }
  // The database's clock decides "now" (events are priced against it); within the allowance,
  // "a moment ago" means now, so events already priced keep their price.
  const effectiveFrom = input.effectiveFrom
    ? sql`greatest(${input.effectiveFrom.toISOString()}::timestamptz, clock_timestamp())`
    : sql`clock_timestamp()`;
  if (input.tenantId) {
    const [tenant] = await ctx.db.select({ status: tenants.status }).from(tenants).where(eq(tenants.id, input.tenantId));
    if (!tenant) notFound('The tenant');
    if (tenant.status === 'deleted') badRequest('A deleted tenant cannot get a price override.');
  }
  const [row] = await uniquely(
    () =>
      ctx.db
        .insert(modelPrices)
        .values({
          tenantId: input.tenantId,
          modelPattern: input.modelPattern,
          inputPerMTokUsd: input.inputPerMTokUsd,
          outputPerMTokUsd: input.outputPerMTokUsd,
          cachedPerMTokUsd: input.cachedPerMTokUsd,
          effectiveFrom,
        })
        .returning({ id: modelPrices.id, effectiveFrom: modelPrices.effectiveFrom }),
    'A price for this model pattern already starts at that moment; pick another time.',
  );
  await recordSystemAudit(ctx, {
    tenantId: input.tenantId,
    action: 'price.create',
    resourceType: 'model_price',
    resourceId: row!.id,
    payload: {
      modelPattern: input.modelPattern,
      inputPerMTokUsd: input.inputPerMTokUsd,
      outputPerMTokUsd: input.outputPerMTokUsd,
      cachedPerMTokUsd: input.cachedPerMTokUsd,
      effectiveFrom: row!.effectiveFrom.toISOString(),
      scope: input.tenantId ? 'tenant' : 'platform',
    },
  });
  return getPrice(ctx, row!.id);
}

/** Deletes a price that has not taken effect yet; one in effect is history and stays. */
export async function deletePrice(ctx: SystemServiceContext, input: { id: string }) {
  const price = await getPrice(ctx, input.id);
  const [deleted] = await ctx.db
    .delete(modelPrices)
    .where(and(eq(modelPrices.id, input.id), sql`${modelPrices.effectiveFrom} > clock_timestamp()`))
    .returning({ id: modelPrices.id });
  if (!deleted) {
    badRequest('This price is already in effect, so it is history and cannot be deleted. To change it, add a new price from a later date.');
  }
  await recordSystemAudit(ctx, {
    tenantId: price.tenant?.id ?? null,
    action: 'price.delete',
    resourceType: 'model_price',
    resourceId: input.id,
    payload: { modelPattern: price.modelPattern, effectiveFrom: price.effectiveFrom.toISOString() },
  });
  return price;
}

/**
 * Models used in the last 30 days whose events had no price, and that still have no platform price
 * in effect: what the superadmin should price next.
 */
export async function listUnpricedModels({ db }: SystemServiceContext) {
  const rows = await db.execute<{ model: string; tenants: string; unpriced_events: string; last_seen: string }>(sql`
    select m.model, count(distinct m.tenant_id) as tenants, sum(m.unpriced_events) as unpriced_events, max(m.date)::text as last_seen
    from usage_metrics m
    where m.date >= ${utcToday} - 29 and m.unpriced_events > 0 and m.model <> ''
      and not exists (
        select 1 from model_prices mp
        where mp.tenant_id is null and mp.effective_from <= clock_timestamp()
          and m.model like replace(replace(replace(replace(mp.model_pattern, '\\', '\\\\'), '%', '\\%'), '_', '\\_'), '*', '%')
      )
    group by m.model
    order by sum(m.unpriced_events) desc, m.model
    limit 100`);
  return rows.map((r) => ({
    model: r.model,
    tenants: Number(r.tenants),
    unpricedEvents: Number(r.unpriced_events),
    lastSeen: r.last_seen,
  }));
}
