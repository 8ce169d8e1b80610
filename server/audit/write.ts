import 'server-only';
import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { auditLogs, type ACTOR_TYPES, type AUDIT_STATUSES } from '@/db/schema';
import { auditPseudonym, isKeyedHash, pseudonymisedChainHash, redact, type HashedFields } from './hash';

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
 * Bounds on what an entry stores. Some fields come from unauthenticated requests (sign-in
 * attempts: the typed email, the User-Agent), so they are capped here, for every caller.
 */
export const AUDIT_LIMITS = { userAgent: 512, actorLabel: 320, ipAddress: 64, correlationId: 128, payloadString: 1000 } as const;

const cap = (value: string | null | undefined, max: number) => (value == null ? null : value.length > max ? value.slice(0, max) : value);

/** Every string in the payload, at any depth, cut to its bound with a visible ellipsis. */
function capPayload(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > AUDIT_LIMITS.payloadString ? `${value.slice(0, AUDIT_LIMITS.payloadString - 1)}…` : value;
  }
  if (Array.isArray(value)) return value.map(capPayload);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.slice(0, 100), capPayload(v)]));
  }
  return value;
}

/**
 * Keeps who a user pseudonym is in audit_identities (their current e-mail and name), where the
 * audit log reads it and an erasure deletes it. False when the actor is no user of the tenant:
 * the entry then keeps its actor label.
 */
async function recordIdentity(tx: Tx, tenantId: string, userId: string, pseudonym: string): Promise<boolean> {
  const rows = await tx.execute(sql`
    insert into audit_identities (tenant_id, pseudonym, user_id, email, name)
    select u.tenant_id, ${pseudonym}, u.id, u.email, nullif(u.full_name, '') from users u where u.tenant_id = ${tenantId} and u.id = ${userId}
    on conflict (tenant_id, pseudonym) do update set email = excluded.email, name = excluded.name, user_id = excluded.user_id, updated_at = now()
    returning 1`);
  return rows.length > 0;
}

/**
 * Appends one entry to the tenant's hash chain, inside the caller's transaction, so the entry
 * commits or rolls back with the change it records. A transaction-scoped advisory lock per chain
 * serialises writers, so two concurrent entries never link to the same predecessor.
 *
 * A user of the tenant is recorded by pseudonym (their e-mail and name go to audit_identities,
 * not the entry), and the hash is h3: the chain covers the entry's personal part (label,
 * address, user agent, personal payload fields) only through its keyed digest, so an erasure can
 * remove that part and the chain still verifies (hash.ts, server/gdpr/erasure).
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
  const actorPseudonym =
    entry.tenantId && entry.actorId && entry.actorType === 'user' ? auditPseudonym(entry.tenantId, { userId: entry.actorId }) : null;
  const fields = {
    tenantId: entry.tenantId,
    actorId: entry.actorId ?? null,
    actorType: entry.actorType,
    actorLabel:
      actorPseudonym && (await recordIdentity(tx, entry.tenantId!, entry.actorId!, actorPseudonym))
        ? null
        : cap(entry.actorLabel, AUDIT_LIMITS.actorLabel),
    action: entry.action,
    resourceType: entry.resourceType ?? null,
    resourceId: entry.resourceId ?? null,
    status: entry.status,
    ipAddress: cap(entry.ipAddress, AUDIT_LIMITS.ipAddress),
    userAgent: cap(entry.userAgent, AUDIT_LIMITS.userAgent),
    correlationId: cap(entry.correlationId, AUDIT_LIMITS.correlationId),
    payload: capPayload(redact(entry.payload ?? {})) as Record<string, unknown>,
    createdAt: new Date(),
  } satisfies HashedFields;
  const prevHash = last?.hash ?? null;
  const { hash, personalDigest } = pseudonymisedChainHash(prevHash, { ...fields, actorPseudonym });
  const [row] = await tx
    .insert(auditLogs)
    .values({ ...fields, actorPseudonym, personalDigest, prevHash, hash })
    .returning({ id: auditLogs.id });
  return { id: row!.id, hash };
}

/**
 * Seals chains whose newest entry still has an unkeyed hash (written before keyed hashes): a
 * keyed entry is appended to each, whose HMAC covers the last unkeyed hash and so everything
 * before it. The verifier accepts unkeyed entries only before the first keyed one and never as
 * a chain's head, so nobody can rewrite those entries, or a whole chain, in the old format.
 * Run at start-up, after migrations; returns how many chains it sealed.
 */
export async function sealLegacyAuditChains(db: Db): Promise<number> {
  const heads = await db.execute<{ tenant_id: string | null; hash: string; entries: number }>(sql`
    select distinct on (tenant_id) tenant_id, hash,
      (select count(*)::int from audit_logs l where l.tenant_id is not distinct from a.tenant_id) as entries
    from audit_logs a order by tenant_id, seq desc`);
  let sealed = 0;
  for (const head of heads) {
    if (isKeyedHash(head.hash)) continue;
    await db.transaction((tx) =>
      writeAudit(tx, {
        tenantId: head.tenant_id,
        actorType: 'system',
        actorLabel: 'start-up',
        action: 'audit.chain_sealed',
        status: 'success',
        payload: { unkeyedEntries: head.entries },
      }),
    );
    sealed++;
  }
  return sealed;
}
