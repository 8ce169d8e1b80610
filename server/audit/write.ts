import 'server-only';
import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { auditLogs, type ACTOR_TYPES, type AUDIT_STATUSES } from '@/db/schema';
import { chainHash, redact, type HashedFields } from './hash';

export type AuditEntry = {
  tenantId: string | null;
  actorId?: string | null;
  actorType: (typeof ACTOR_TYPES)[number];
  actorLabel?: string | null;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  status: (typeof AUDIT_STATUSES)[number];
  ipAddress?: string | null;
  userAgent?: string | null;
  correlationId?: string | null;
  payload?: Record<string, unknown>;
};

/**
 * Appends one entry to the tenant's hash chain, inside the caller's transaction, so the entry
 * commits or rolls back with the change it records. A transaction-scoped advisory lock per chain
 * serialises writers, so two concurrent entries never link to the same predecessor.
 */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<{ id: string; hash: string }> {
  const chainKey = `audit:${entry.tenantId ?? 'global'}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${chainKey}, 0))`);
  const [last] = await tx
    .select({ hash: auditLogs.hash })
    .from(auditLogs)
    .where(entry.tenantId ? eq(auditLogs.tenantId, entry.tenantId) : isNull(auditLogs.tenantId))
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  const fields = {
    tenantId: entry.tenantId,
    actorId: entry.actorId ?? null,
    actorType: entry.actorType,
    actorLabel: entry.actorLabel ?? null,
    action: entry.action,
    resourceType: entry.resourceType ?? null,
    resourceId: entry.resourceId ?? null,
    status: entry.status,
    ipAddress: entry.ipAddress ?? null,
    userAgent: entry.userAgent?.slice(0, 500) ?? null,
    correlationId: entry.correlationId ?? null,
    payload: redact(entry.payload ?? {}),
    createdAt: new Date(),
  } satisfies HashedFields;
  const prevHash = last?.hash ?? null;
  const hash = chainHash(prevHash, fields);
  const [row] = await tx
    .insert(auditLogs)
    .values({ ...fields, prevHash, hash })
    .returning({ id: auditLogs.id });
  return { id: row!.id, hash };
}
