import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { quotaCounters, type QuotaScope } from '@/db/schema';
import { tenantTimeZone } from './meter';

/** Each limit by the name shown in refusals and on the usage page. */
export const LIMIT_NAMES: Record<QuotaScope, string> = {
  tenant: 'tokens_per_day',
  user: 'tokens_per_user_per_day',
  api_key: 'tokens_per_api_key_per_day',
  cost_month: 'cost_per_month',
};

/** The tenant-local day and month, and when each ends, read in the tenant transaction. */
export async function periods(tx: Tx) {
  const [row] = await tx.execute<{ tz: string; day: string; month: string; day_ends: number; month_ends: number; month_label: string }>(sql`
    with l as (select (now() at time zone ${tenantTimeZone}) as local_now)
    select ${tenantTimeZone} as tz, l.local_now::date::text as day, to_char(l.local_now, 'YYYY-MM') as month,
      extract(epoch from (date_trunc('day', l.local_now) + interval '1 day') at time zone ${tenantTimeZone})::float8 as day_ends,
      extract(epoch from (date_trunc('month', l.local_now) + interval '1 month') at time zone ${tenantTimeZone})::float8 as month_ends,
      to_char(date_trunc('month', l.local_now) + interval '1 month', 'FMDD Mon') as month_label
    from l`);
  return {
    timeZone: row!.tz,
    day: row!.day,
    month: row!.month,
    dayEnds: new Date(Number(row!.day_ends) * 1000),
    monthEnds: new Date(Number(row!.month_ends) * 1000),
    monthLabel: row!.month_label,
  };
}

/** The counter of one scope, subject and period. */
export const counterKey = (tenantId: string, h: { scope: QuotaScope; subjectId: string; period: string }) =>
  and(
    eq(quotaCounters.tenantId, tenantId),
    eq(quotaCounters.scope, h.scope),
    eq(quotaCounters.subjectId, h.subjectId),
    eq(quotaCounters.period, h.period),
  );

/** "3 h 12 min", "12 min", "2 d 4 h": how long until `until`. */
export function formatWait(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}
