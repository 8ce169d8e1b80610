import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { usageMetrics } from '@/db/schema';

export type UsageDelta = {
  tokensIn?: number;
  tokensOut?: number;
  requests?: number;
  ingestions?: number;
  storageBytes?: number;
  costUsd?: number;
};

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Adds to today's counters of the tenant (user_id NULL) and of the user, in the caller's
 * transaction, so usage commits with the work it counts.
 */
export async function addUsage(tx: Tx, tenantId: string, userId: string | null, delta: UsageDelta): Promise<void> {
  const date = today();
  const rows = [{ userId: null as string | null }, ...(userId ? [{ userId }] : [])];
  for (const { userId: who } of rows) {
    await tx
      .insert(usageMetrics)
      .values({
        tenantId,
        userId: who,
        date,
        tokensIn: delta.tokensIn ?? 0,
        tokensOut: delta.tokensOut ?? 0,
        requests: delta.requests ?? 0,
        ingestions: delta.ingestions ?? 0,
        storageBytes: delta.storageBytes ?? 0,
        costUsd: String(delta.costUsd ?? 0),
      })
      .onConflictDoUpdate({
        target: [usageMetrics.tenantId, usageMetrics.userId, usageMetrics.date],
        set: {
          tokensIn: sql`${usageMetrics.tokensIn} + excluded.tokens_in`,
          tokensOut: sql`${usageMetrics.tokensOut} + excluded.tokens_out`,
          requests: sql`${usageMetrics.requests} + excluded.requests`,
          ingestions: sql`${usageMetrics.ingestions} + excluded.ingestions`,
          storageBytes: sql`greatest(${usageMetrics.storageBytes} + excluded.storage_bytes, 0)`,
          costUsd: sql`${usageMetrics.costUsd} + excluded.cost_usd`,
          updatedAt: sql`now()`,
        },
      });
  }
}
