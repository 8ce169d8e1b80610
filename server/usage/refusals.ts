import 'server-only';
import { and, between, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { quotaRefusals } from '@/db/schema';

export type RefusalsByLimit = { limitName: string; refusals: number };

/** Refused requests per limit over tenant-local days `fromDate`..`toDate` (inclusive), most first. */
export async function refusalsByLimit(ctx: { db: Tx; tenantId: string }, fromDate: string, toDate: string): Promise<RefusalsByLimit[]> {
  const rows = await ctx.db
    .select({ limitName: quotaRefusals.limitName, refusals: sql<string>`sum(${quotaRefusals.refusals})` })
    .from(quotaRefusals)
    .where(and(eq(quotaRefusals.tenantId, ctx.tenantId), between(quotaRefusals.date, fromDate, toDate)))
    .groupBy(quotaRefusals.limitName)
    .orderBy(sql`sum(${quotaRefusals.refusals}) desc`, quotaRefusals.limitName);
  return rows.map((r) => ({ limitName: r.limitName, refusals: Number(r.refusals) }));
}
