import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { usageEvents, usageMetrics, type USAGE_KINDS } from '@/db/schema';

/** What one usage event records; every count defaults to 0. */
export type UsageEventInput = {
  tenantId: string;
  userId: string | null;
  apiKeyId?: string | null;
  kind: (typeof USAGE_KINDS)[number];
  /** The model that did the work; omit for work without one (an ingestion, a storage change). */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  requests?: number;
  ocrPages?: number;
  ingestions?: number;
  storageBytes?: number;
  tokensEstimated?: boolean;
  failed?: boolean;
  /** When the work happened (defaults to now); prices and the tenant-local day follow it. */
  occurredAt?: Date;
};

/** The tenant's time zone, read inside the tenant transaction (UTC when unset). */
export const tenantTimeZone = sql<string>`coalesce(app_current_tenant_settings()->>'timeZone', 'UTC')`;

/** Today's date in the tenant's time zone (`YYYY-MM-DD`). */
export async function tenantToday(tx: Tx): Promise<string> {
  const [row] = await tx.execute<{ day: string }>(sql`select (now() at time zone ${tenantTimeZone})::date::text as day`);
  return row!.day;
}

/** A glob (`gpt-4o*`) as a LIKE pattern, with LIKE's own wildcards taken literally. */
export const likeOfPattern = sql`replace(replace(replace(replace(mp.model_pattern, '\\', '\\\\'), '%', '\\%'), '_', '\\_'), '*', '%')`;

/**
 * Records one usage event and adds it to its daily rollup, in the caller's transaction, so usage
 * commits (or rolls back) with the work it counts. The cost is computed now from the price in
 * effect at `occurredAt` (the tenant's own price over the platform's, then the most specific
 * pattern, then the latest) and kept on the event; no matching price leaves it NULL ("unpriced").
 * Work without a model costs nothing.
 */
export async function recordUsage(tx: Tx, input: UsageEventInput): Promise<{ id: string; costUsd: string | null; localDate: string }> {
  const model = input.model ?? '';
  const occurredAt = input.occurredAt ?? new Date();
  const counts = {
    inputTokens: input.inputTokens ?? 0,
    outputTokens: input.outputTokens ?? 0,
    cachedTokens: input.cachedTokens ?? 0,
    requests: input.requests ?? 0,
    ocrPages: input.ocrPages ?? 0,
    ingestions: input.ingestions ?? 0,
    storageBytes: input.storageBytes ?? 0,
  };
  const [priced] = await tx.execute<{ local_date: string; price_id: string | null; cost: string | null }>(sql`
    select (${occurredAt.toISOString()}::timestamptz at time zone ${tenantTimeZone})::date::text as local_date,
      p.id as price_id,
      case when ${model} = '' then 0::numeric
        else (${counts.inputTokens}::numeric * p.input_per_mtok_usd + ${counts.outputTokens}::numeric * p.output_per_mtok_usd
          + ${counts.cachedTokens}::numeric * p.cached_per_mtok_usd) / 1000000 end as cost
    from (select 1) one
    left join lateral (
      select mp.* from model_prices mp
      where (mp.tenant_id = ${input.tenantId} or mp.tenant_id is null)
        and ${model} <> '' and ${model} like ${likeOfPattern}
        and mp.effective_from <= ${occurredAt.toISOString()}::timestamptz
      order by (mp.tenant_id is not null) desc, length(mp.model_pattern) desc, mp.effective_from desc
      limit 1
    ) p on true`);
  const localDate = priced!.local_date;
  const costUsd = model === '' ? '0' : priced!.cost;
  const [event] = await tx
    .insert(usageEvents)
    .values({
      tenantId: input.tenantId,
      userId: input.userId,
      apiKeyId: input.apiKeyId ?? null,
      kind: input.kind,
      model,
      occurredAt,
      localDate,
      ...counts,
      tokensEstimated: input.tokensEstimated ?? false,
      failed: input.failed ?? false,
      costUsd,
      priceId: priced!.price_id,
    })
    .returning({ id: usageEvents.id });
  await tx
    .insert(usageMetrics)
    .values({
      tenantId: input.tenantId,
      date: localDate,
      userId: input.userId,
      apiKeyId: input.apiKeyId ?? null,
      kind: input.kind,
      model,
      tokensIn: counts.inputTokens,
      tokensOut: counts.outputTokens,
      tokensCached: counts.cachedTokens,
      requests: counts.requests,
      failedRequests: input.failed ? counts.requests : 0,
      ingestions: counts.ingestions,
      ocrPages: counts.ocrPages,
      storageBytes: counts.storageBytes,
      costUsd: costUsd ?? '0',
      unpricedEvents: costUsd === null ? 1 : 0,
      events: 1,
    })
    .onConflictDoUpdate({
      target: [usageMetrics.tenantId, usageMetrics.date, usageMetrics.userId, usageMetrics.apiKeyId, usageMetrics.kind, usageMetrics.model],
      set: {
        tokensIn: sql`${usageMetrics.tokensIn} + excluded.tokens_in`,
        tokensOut: sql`${usageMetrics.tokensOut} + excluded.tokens_out`,
        tokensCached: sql`${usageMetrics.tokensCached} + excluded.tokens_cached`,
        requests: sql`${usageMetrics.requests} + excluded.requests`,
        failedRequests: sql`${usageMetrics.failedRequests} + excluded.failed_requests`,
        ingestions: sql`${usageMetrics.ingestions} + excluded.ingestions`,
        ocrPages: sql`${usageMetrics.ocrPages} + excluded.ocr_pages`,
        storageBytes: sql`${usageMetrics.storageBytes} + excluded.storage_bytes`,
        costUsd: sql`${usageMetrics.costUsd} + excluded.cost_usd`,
        unpricedEvents: sql`${usageMetrics.unpricedEvents} + excluded.unpriced_events`,
        events: sql`${usageMetrics.events} + 1`,
        updatedAt: sql`now()`,
      },
    });
  return { id: event!.id, costUsd, localDate };
}

/** The tenant's total of one rollup column for one tenant-local day (every user, key, kind, model). */
export async function tenantDayTotal(tx: Tx, tenantId: string, date: string, column: 'tokens' | 'ingestions'): Promise<number> {
  const value =
    column === 'tokens'
      ? sql<string>`coalesce(sum(${usageMetrics.tokensIn} + ${usageMetrics.tokensOut}), 0)`
      : sql<string>`coalesce(sum(${usageMetrics.ingestions}), 0)`;
  const [row] = await tx
    .select({ n: value })
    .from(usageMetrics)
    .where(and(eq(usageMetrics.tenantId, tenantId), eq(usageMetrics.date, date)));
  return Number(row?.n ?? 0);
}

export type UsageSubject = { tenantId: string; userId: string | null; apiKeyId: string | null };

/** Who a usage event is counted against: the person, and the API key when one is acting. */
export function usageSubject(ctx: { tenantId: string; userId: string | null; actor: { type: string; id: string | null } }): UsageSubject {
  return { tenantId: ctx.tenantId, userId: ctx.userId, apiKeyId: ctx.actor.type === 'api_key' ? ctx.actor.id : null };
}

/**
 * The person a tenant transaction is scoped to (app.user_id), for code that is handed only the
 * transaction; it cannot know an acting API key, so callers that can should pass usageSubject().
 */
export async function scopeSubject(tx: Tx, tenantId: string): Promise<UsageSubject> {
  const [row] = await tx.execute<{ user_id: string | null }>(sql`select nullif(current_setting('app.user_id', true), '') as user_id`);
  return { tenantId, userId: row?.user_id ?? null, apiKeyId: null };
}
