import 'server-only';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { auditLogs } from '@/db/schema';

/** The action of the entry a retention purge writes for each class of data it purged. */
export const RETENTION_PURGE_ACTION = 'retention.purge';

/**
 * What an audit purge records in the entry it appends after removing a prefix of the chain:
 * the removed prefix's last hash (`anchorHash`, the prev_hash of the oldest entry left), the
 * newest removed entry's time, and how many entries all purges have removed so far. The entry
 * is itself in the keyed chain, so nobody can forge an anchor for entries removed by hand.
 */
export type AuditPurgeAnchor = { anchorHash: string; purgedBefore: string; purgedTotal: number };

/**
 * Removes the tenant's audit entries before `boundarySeq` (never the newest entry), on the
 * privileged connection: the application role may not delete audit entries. Holds the chain's
 * advisory lock, as writers do, so no entry is appended in between. Returns the anchor for the
 * entry the caller appends next (in the same transaction), or null when nothing was removed.
 */
export async function purgeAuditPrefix(
  tx: Tx,
  tenantId: string,
  boundarySeq: SQL,
): Promise<(AuditPurgeAnchor & { entries: number }) | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${tenantId}`}, 0))`);
  const [edge] = await tx.execute<{ boundary: number; newest_removed: Date | null; entries: number }>(sql`
    with b as (select ${boundarySeq}::bigint as boundary)
    select b.boundary,
      (select max(created_at) from audit_logs where tenant_id = ${tenantId} and seq < b.boundary) as newest_removed,
      (select count(*)::int from audit_logs where tenant_id = ${tenantId} and seq < b.boundary) as entries
    from b`);
  if (!edge || edge.entries === 0) return null;
  const [first] = await tx
    .select({ prevHash: auditLogs.prevHash })
    .from(auditLogs)
    .where(and(eq(auditLogs.tenantId, tenantId), eq(auditLogs.seq, Number(edge.boundary))));
  const before = await purgedSoFar(tx, tenantId);
  await tx.execute(sql`delete from audit_logs where tenant_id = ${tenantId} and seq < ${Number(edge.boundary)}`);
  return {
    anchorHash: first!.prevHash!,
    purgedBefore: new Date(edge.newest_removed!).toISOString(),
    purgedTotal: before + edge.entries,
    entries: edge.entries,
  };
}

/** How many entries retention has removed from the chain's start so far (0 when none). */
export async function purgedSoFar(db: Tx, tenantId: string | null): Promise<number> {
  const anchor = await latestAnchor(db, tenantId);
  return anchor?.purgedTotal ?? 0;
}

async function latestAnchor(db: Tx, tenantId: string | null, anchorHash?: string): Promise<AuditPurgeAnchor | null> {
  const [row] = await db
    .select({ payload: auditLogs.payload })
    .from(auditLogs)
    .where(
      and(
        tenantId ? eq(auditLogs.tenantId, tenantId) : isNull(auditLogs.tenantId),
        eq(auditLogs.action, RETENTION_PURGE_ACTION),
        sql`${auditLogs.payload}->>'anchorHash' is not null`,
        anchorHash ? sql`${auditLogs.payload}->>'anchorHash' = ${anchorHash}` : undefined,
      ),
    )
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  const p = row?.payload;
  if (!p || typeof p.anchorHash !== 'string') return null;
  return { anchorHash: p.anchorHash, purgedBefore: String(p.purgedBefore), purgedTotal: Number(p.purgedTotal ?? 0) };
}

/** The purge entry that vouches for a chain starting at `prevHash` (its anchor), if any. */
export const anchorFor = (db: Tx, tenantId: string | null, prevHash: string) => latestAnchor(db, tenantId, prevHash);
