import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db/client';
import { quotaCounters, quotaRefusals, quotaReservations, tenantQuotas, type QuotaHold, type QuotaScope } from '@/db/schema';
import { formatNumber } from '@/lib/format';
import { RateLimitedError } from '@/server/shared/errors';
import { likeOfPattern, recordUsage, type UsageEventInput } from './meter';
import { counterKey, formatWait, LIMIT_NAMES, periods } from './limits';
import { checkSoftThresholds } from './notices';

/** How long a reservation may stay open before the sweeper returns it (a crashed process). */
export const RESERVATION_TTL_MS = 10 * 60_000;

/** Below this share of a daily token limit, chat tells the user what is left. */
export const LOW_BUDGET_SHARE = 0.2;

type Subject = { tenantId: string; userId: string | null; apiKeyId: string | null };
type QuotaCtx = { db: Tx; tenantId: string; userId: string | null; actor: { type: string; id: string | null } };

export type Reservation = { id: string; holds: QuotaHold[] };

/** What is left of the tightest daily token limit, when it is low. */
export type TokenBudget = { tokensLeft: number; limit: number; resetsAt: string };

function subjectOf(ctx: QuotaCtx): Subject {
  return { tenantId: ctx.tenantId, userId: ctx.userId, apiKeyId: ctx.actor.type === 'api_key' ? ctx.actor.id : null };
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The sentence of a refusal: which limit, how much is used, and when it resets. */
function refusalSentence(scope: QuotaScope, used: number, limit: number, resetAt: string, waitSeconds: number): string {
  const wait = `you can ask again ${resetAt} (in ${formatWait(waitSeconds)}).`;
  switch (scope) {
    case 'user':
      return `You have used ${formatNumber(used)} of your ${formatNumber(limit)} daily tokens; ${wait}`;
    case 'api_key':
      return `This API key has used ${formatNumber(used)} of its ${formatNumber(limit)} daily tokens; ${wait}`;
    case 'tenant':
      return `The workspace has used ${formatNumber(used)} of its ${formatNumber(limit)} daily tokens; ${wait}`;
    case 'cost_month':
      return `The workspace has used ${usd(used)} of its ${usd(limit)} monthly budget; ${wait}`;
  }
}

/** The worst-case cost of a call, or null when the model has no price (then the cap cannot bound it). */
async function worstCaseCost(tx: Tx, tenantId: string, model: string, inputTokens: number, outputTokens: number): Promise<number | null> {
  const [row] = await tx.execute<{ cost: string | null }>(sql`
    select (${inputTokens}::numeric * mp.input_per_mtok_usd + ${outputTokens}::numeric * mp.output_per_mtok_usd) / 1000000 as cost
    from model_prices mp
    where (mp.tenant_id = ${tenantId} or mp.tenant_id is null) and ${model} like ${likeOfPattern} and mp.effective_from <= now()
    order by (mp.tenant_id is not null) desc, length(mp.model_pattern) desc, mp.effective_from desc
    limit 1`);
  return row ? Number(row.cost) : null;
}

type Limit = { scope: QuotaScope; subjectId: string; period: string; limit: number; amount: number; resetsAt: Date; resetLabel: string };

/** The limits that apply to this call, with the amount each must hold. */
async function applicableLimits(ctx: QuotaCtx, tokens: { input: number; output: number }, model: string): Promise<Limit[]> {
  const [quotas] = await ctx.db.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, ctx.tenantId));
  if (!quotas) return [];
  const who = subjectOf(ctx);
  const p = await periods(ctx.db);
  const total = tokens.input + tokens.output;
  const daily = { period: p.day, amount: total, resetsAt: p.dayEnds, resetLabel: `at 00:00 ${p.timeZone}` };
  const limits: Limit[] = [];
  if (quotas.maxTokensPerDay != null) limits.push({ scope: 'tenant', subjectId: ctx.tenantId, limit: quotas.maxTokensPerDay, ...daily });
  if (quotas.maxTokensPerUserPerDay != null && who.userId)
    limits.push({ scope: 'user', subjectId: who.userId, limit: quotas.maxTokensPerUserPerDay, ...daily });
  if (quotas.maxTokensPerApiKeyPerDay != null && who.apiKeyId)
    limits.push({ scope: 'api_key', subjectId: who.apiKeyId, limit: quotas.maxTokensPerApiKeyPerDay, ...daily });
  if (quotas.maxCostPerMonthUsd != null) {
    const cost = await worstCaseCost(ctx.db, ctx.tenantId, model, tokens.input, tokens.output);
    if (cost !== null && cost > 0)
      limits.push({
        scope: 'cost_month',
        subjectId: ctx.tenantId,
        period: p.month,
        limit: Number(quotas.maxCostPerMonthUsd),
        amount: cost,
        resetsAt: p.monthEnds,
        resetLabel: `on ${p.monthLabel}`,
      });
  }
  return limits;
}

async function returnHolds(tx: Tx, tenantId: string, holds: QuotaHold[]) {
  for (const h of holds) {
    await tx
      .update(quotaCounters)
      .set({ reserved: sql`greatest(${quotaCounters.reserved} - ${h.amount}, 0)`, updatedAt: new Date() })
      .where(counterKey(tenantId, h));
  }
}

/** Sweeps reservations every `everyMs` in this process (the background work), logging failures. */
export function scheduleReservationSweep(everyMs: number, db: Db = getDb()): () => void {
  const timer = setInterval(() => {
    sweepExpiredReservations(db).catch((error: unknown) => console.error('quota reservation sweep failed', error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Counts one refused request in the day's rollup (per limit, user and key). */
export async function recordRefusal(ctx: QuotaCtx, limitName: string): Promise<void> {
  const who = subjectOf(ctx);
  const { day } = await periods(ctx.db);
  await ctx.db
    .insert(quotaRefusals)
    .values({ tenantId: ctx.tenantId, date: day, limitName, userId: who.userId, apiKeyId: who.apiKeyId, refusals: 1 })
    .onConflictDoUpdate({
      target: [quotaRefusals.tenantId, quotaRefusals.date, quotaRefusals.limitName, quotaRefusals.userId, quotaRefusals.apiKeyId],
      set: { refusals: sql`${quotaRefusals.refusals} + 1` },
    });
}

/** A refused reservation: the error to show, and the limit to count it against. */
export class QuotaRefusedError extends RateLimitedError {
  override name = 'QuotaRefusedError';
  constructor(
    message: string,
    retryAfterSeconds: number,
    readonly limitName: string,
  ) {
    super(message, retryAfterSeconds);
  }
}

/**
 * Reserves the worst case of one model call (`input` prompt tokens plus the `output` the model
 * may write) on every limit that applies: the tenant's, the user's and the API key's daily tokens,
 * and the month's cost when the model is priced. Each counter takes it in ONE conditional UPDATE
 * (`used + reserved + n <= limit`), so concurrent calls can never hold more than the limit between
 * them. When one limit refuses, the holds already taken are returned in this transaction and
 * QuotaRefusedError is thrown (the caller rolls back, then counts the refusal with recordRefusal).
 * Null when no limit applies.
 */
export async function reserveTokens(
  ctx: QuotaCtx,
  request: { model: string; inputTokens: number; outputTokens: number },
): Promise<Reservation | null> {
  const limits = await applicableLimits(ctx, { input: request.inputTokens, output: request.outputTokens }, request.model);
  if (limits.length === 0) return null;
  const holds: QuotaHold[] = [];
  for (const l of limits) {
    await ctx.db
      .insert(quotaCounters)
      .values({ tenantId: ctx.tenantId, scope: l.scope, subjectId: l.subjectId, period: l.period })
      .onConflictDoNothing();
    const [held] = await ctx.db
      .update(quotaCounters)
      .set({ reserved: sql`${quotaCounters.reserved} + ${l.amount}`, updatedAt: new Date() })
      .where(and(counterKey(ctx.tenantId, l), sql`${quotaCounters.used} + ${quotaCounters.reserved} + ${l.amount} <= ${l.limit}`))
      .returning({ used: quotaCounters.used });
    if (!held) {
      await returnHolds(ctx.db, ctx.tenantId, holds);
      const [counter] = await ctx.db.select({ used: quotaCounters.used }).from(quotaCounters).where(counterKey(ctx.tenantId, l));
      const wait = Math.max(1, Math.ceil((l.resetsAt.getTime() - Date.now()) / 1000));
      throw new QuotaRefusedError(
        refusalSentence(l.scope, Number(counter?.used ?? 0), l.limit, l.resetLabel, wait),
        wait,
        LIMIT_NAMES[l.scope],
      );
    }
    holds.push({ scope: l.scope, subjectId: l.subjectId, period: l.period, amount: l.amount });
  }
  const [row] = await ctx.db
    .insert(quotaReservations)
    .values({ tenantId: ctx.tenantId, holds, expiresAt: new Date(Date.now() + RESERVATION_TTL_MS) })
    .returning({ id: quotaReservations.id });
  return { id: row!.id, holds };
}

/**
 * Takes the reservation back (its row and the amounts it holds), once: settle, release and the
 * sweeper each delete the row first, so whichever comes second finds nothing to return.
 */
async function takeBack(tx: Tx, tenantId: string, reservation: Reservation | null): Promise<void> {
  if (!reservation) return;
  const [gone] = await tx
    .delete(quotaReservations)
    .where(and(eq(quotaReservations.tenantId, tenantId), eq(quotaReservations.id, reservation.id)))
    .returning({ holds: quotaReservations.holds });
  if (gone) await returnHolds(tx, tenantId, gone.holds);
}

/**
 * Settles a call in the caller's transaction: the reservation is returned and the usage event is
 * recorded, whose trigger adds the real figures to the same counters (`used`), so counters and
 * usage_metrics move together or not at all. Then tells the admins of any soft threshold passed.
 */
export async function settleUsage(
  ctx: QuotaCtx & { afterCommit: (work: () => unknown) => void },
  reservation: Reservation | null,
  event: Omit<UsageEventInput, 'tenantId' | 'userId' | 'apiKeyId'>,
) {
  await takeBack(ctx.db, ctx.tenantId, reservation);
  const metered = await recordUsage(ctx.db, { ...subjectOf(ctx), ...event });
  await checkSoftThresholds(ctx);
  return metered;
}

/** Returns a reservation without usage (the call never reached the model). */
export async function releaseReservation(ctx: QuotaCtx, reservation: Reservation | null): Promise<void> {
  await takeBack(ctx.db, ctx.tenantId, reservation);
}

/** What is left of the tightest daily token limit of this user, when below LOW_BUDGET_SHARE of it. */
export async function lowTokenBudget(ctx: QuotaCtx): Promise<TokenBudget | null> {
  const [quotas] = await ctx.db.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, ctx.tenantId));
  if (!quotas) return null;
  const who = subjectOf(ctx);
  const p = await periods(ctx.db);
  const candidates: Array<{ scope: QuotaScope; subjectId: string; limit: number }> = [];
  if (quotas.maxTokensPerDay != null) candidates.push({ scope: 'tenant', subjectId: ctx.tenantId, limit: quotas.maxTokensPerDay });
  if (quotas.maxTokensPerUserPerDay != null && who.userId)
    candidates.push({ scope: 'user', subjectId: who.userId, limit: quotas.maxTokensPerUserPerDay });
  if (quotas.maxTokensPerApiKeyPerDay != null && who.apiKeyId)
    candidates.push({ scope: 'api_key', subjectId: who.apiKeyId, limit: quotas.maxTokensPerApiKeyPerDay });
  let low: TokenBudget | null = null;
  for (const c of candidates) {
    const [counter] = await ctx.db
      .select({ used: quotaCounters.used, reserved: quotaCounters.reserved })
      .from(quotaCounters)
      .where(counterKey(ctx.tenantId, { ...c, period: p.day }));
    const left = Math.max(0, c.limit - Number(counter?.used ?? 0) - Number(counter?.reserved ?? 0));
    if (left < c.limit * LOW_BUDGET_SHARE && (!low || left < low.tokensLeft))
      low = { tokensLeft: Math.floor(left), limit: c.limit, resetsAt: p.dayEnds.toISOString() };
  }
  return low;
}

/**
 * Returns the reservations whose time ran out (their process crashed or hung), across tenants,
 * in one statement on the privileged connection. Run by the background work; returns how many.
 */
export async function sweepExpiredReservations(db: Db): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    with gone as (
      delete from quota_reservations where expires_at < now() returning tenant_id, holds
    ), held as (
      select g.tenant_id, h.scope, h."subjectId" as subject_id, h.period, sum(h.amount) as amount
      from gone g, jsonb_to_recordset(g.holds) as h(scope text, "subjectId" uuid, period text, amount numeric)
      group by 1, 2, 3, 4
    ), returned as (
      update quota_counters c set reserved = greatest(c.reserved - held.amount, 0), updated_at = now()
      from held
      where c.tenant_id = held.tenant_id and c.scope = held.scope and c.subject_id = held.subject_id and c.period = held.period
      returning 1
    )
    select (select count(*) from gone)::int as n, (select count(*) from returned) as r`);
  return rows[0]?.n ?? 0;
}
