import 'server-only';
import { and, asc, count, desc, eq, gte, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { auditIdentities, auditLogs } from '@/db/schema';
import type { SystemServiceContext, TenantServiceContext } from '@/server/auth/types';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import { hashMatches, isKeyedHash, isPseudonymisedHash, pseudonymisedHashMatches, scrubbedLegacyDigest } from './hash';
import { anchorFor, purgedSoFar } from './retention';
import {
  NOTED_HEAD,
  type AuditFilters,
  type AuditListInput,
  type AuditVerifyInput,
  type ChainHead,
  type ChainVerification,
} from './schema';

/**
 * Which chain a reader works on: a tenant's own (inside its tenant transaction) or the
 * platform's (tenantId null: superadmin actions outside any tenant). The context of every
 * function here, as `ctx` is elsewhere.
 */
export type AuditChain = { db: Tx; tenantId: string | null; name: string };

export const tenantChain = (ctx: TenantServiceContext): AuditChain => ({ db: ctx.db, tenantId: ctx.tenantId, name: ctx.tenantSlug });
export const platformChain = (ctx: SystemServiceContext): AuditChain => ({ db: ctx.db, tenantId: null, name: 'platform' });

/** `tenantId` null: the global chain (superadmin actions outside any tenant). */
function whereOf(tenantId: string | null, f: AuditFilters) {
  const filters: SQL[] = [tenantId ? eq(auditLogs.tenantId, tenantId) : isNull(auditLogs.tenantId)];
  if (f.actor?.trim()) {
    const pattern = likePattern(f.actor.trim());
    filters.push(
      or(
        ilike(auditLogs.actorLabel, pattern),
        ilike(auditIdentities.email, pattern),
        ilike(auditIdentities.name, pattern),
        eq(auditLogs.actorPseudonym, f.actor.trim()),
        sql`${auditLogs.actorId}::text = ${f.actor.trim()}`,
      )!,
    );
  }
  if (f.action?.trim()) filters.push(ilike(auditLogs.action, likePattern(f.action.trim())));
  if (f.resourceType) filters.push(eq(auditLogs.resourceType, f.resourceType));
  if (f.status) filters.push(eq(auditLogs.status, f.status));
  if (f.from) filters.push(gte(auditLogs.createdAt, f.from));
  if (f.to) filters.push(lt(auditLogs.createdAt, f.to));
  return and(...filters);
}

const columns = {
  id: auditLogs.id,
  seq: auditLogs.seq,
  createdAt: auditLogs.createdAt,
  actorId: auditLogs.actorId,
  actorType: auditLogs.actorType,
  actorLabel: auditLogs.actorLabel,
  action: auditLogs.action,
  resourceType: auditLogs.resourceType,
  resourceId: auditLogs.resourceId,
  status: auditLogs.status,
  ipAddress: auditLogs.ipAddress,
  userAgent: auditLogs.userAgent,
  correlationId: auditLogs.correlationId,
  payload: auditLogs.payload,
};

/**
 * Who acted, as the log shows it: the e-mail of a pseudonymous person while they are not erased
 * (audit_identities), else the stored label, else the pseudonym of an erased person.
 */
const listed = {
  ...columns,
  actorLabel: sql<
    string | null
  >`coalesce(${auditIdentities.email}, ${auditLogs.actorLabel}, 'erased person ' || ${auditLogs.actorPseudonym})`,
  actorName: auditIdentities.name,
  actorPseudonym: auditLogs.actorPseudonym,
};

const identityJoin = and(eq(auditIdentities.tenantId, auditLogs.tenantId), eq(auditIdentities.pseudonym, auditLogs.actorPseudonym));

export async function listAudit({ db, tenantId }: AuditChain, input: AuditListInput) {
  const where = whereOf(tenantId, input);
  const items = await db
    .select(listed)
    .from(auditLogs)
    .leftJoin(auditIdentities, identityJoin)
    .where(where)
    .orderBy(desc(auditLogs.seq))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(auditLogs)
    .leftJoin(auditIdentities, identityJoin)
    .where(where);
  return { items, total, page: input.page, pageSize: input.pageSize };
}

/** Values the filters can take in this chain, for the filter menus. */
export async function auditFacets({ db, tenantId }: AuditChain) {
  const scope = tenantId ? eq(auditLogs.tenantId, tenantId) : isNull(auditLogs.tenantId);
  const actions = await db.selectDistinct({ v: auditLogs.action }).from(auditLogs).where(scope).orderBy(asc(auditLogs.action));
  const types = await db
    .selectDistinct({ v: auditLogs.resourceType })
    .from(auditLogs)
    .where(and(scope, sql`${auditLogs.resourceType} is not null`))
    .orderBy(asc(auditLogs.resourceType));
  return { actions: actions.map((a) => a.v), resourceTypes: types.map((t) => t.v!).filter(Boolean) };
}

export const EXPORT_LIMIT = 100_000;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Spreadsheet formula injection: a leading =, +, - or @ is neutralised.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The filtered entries as CSV (oldest first), up to EXPORT_LIMIT rows. */
export async function exportAuditCsv({ db, tenantId, name }: AuditChain, filters: AuditFilters) {
  const rows = await db
    .select(listed)
    .from(auditLogs)
    .leftJoin(auditIdentities, identityJoin)
    .where(whereOf(tenantId, filters))
    .orderBy(asc(auditLogs.seq))
    .limit(EXPORT_LIMIT + 1);
  const truncated = rows.length > EXPORT_LIMIT;
  const header = [
    'time',
    'actor_type',
    'actor',
    'actor_id',
    'action',
    'resource_type',
    'resource_id',
    'status',
    'ip_address',
    'user_agent',
    'correlation_id',
    'payload',
  ];
  const lines = rows
    .slice(0, EXPORT_LIMIT)
    .map((r) =>
      [
        r.createdAt,
        r.actorType,
        r.actorLabel,
        r.actorId,
        r.action,
        r.resourceType,
        r.resourceId,
        r.status,
        r.ipAddress,
        r.userAgent,
        r.correlationId,
        r.payload,
      ]
        .map(csvCell)
        .join(','),
    );
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { filename: `audit-${name}-${stamp}.csv`, csv: [header.join(','), ...lines].join('\r\n') + '\r\n', rows: lines.length, truncated };
}

/**
 * The newest entry of the chain, for an admin to note elsewhere (`head`: `<entries>:<hash>`);
 * a later verification against the noted head shows whether anything up to it changed.
 */
export async function auditChainHead({ db, tenantId }: AuditChain): Promise<ChainHead> {
  const scope = tenantId ? eq(auditLogs.tenantId, tenantId) : isNull(auditLogs.tenantId);
  const [last] = await db
    .select({ seq: auditLogs.seq, hash: auditLogs.hash, createdAt: auditLogs.createdAt })
    .from(auditLogs)
    .where(scope)
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  if (!last) return null;
  const [{ entries: kept } = { entries: 0 }] = await db.select({ entries: count() }).from(auditLogs).where(scope);
  // Positions count from the chain's start, including entries retention has since removed.
  const entries = kept + (await purgedSoFar(db, tenantId));
  return { ...last, entries, keyed: isKeyedHash(last.hash), head: `${entries}:${last.hash}` };
}

/**
 * Recomputes the chain from the first entry: each entry's hash must match its content and the
 * previous entry's hash (an HMAC under the server's key; see hash.ts). Entries in the first,
 * unkeyed format are accepted only before the first keyed one and never as the head: the
 * keyed entry after them covers them, and a chain rewritten in the old format fails. Reports
 * the first entry where that fails, and whether the chain still holds a noted head.
 */
/**
 * Entries written before pseudonyms (h2 and unkeyed) hash their personal fields directly, so an
 * erasure that removes those fields attests each such entry's hash in a keyed entry of its own
 * (`audit.personal_data_erased`, payload `legacyEntries: [[seq, hash, digest of what remains], …]`).
 * Such an entry then verifies by that attestation, and the chain still links through it; the attesting entry itself
 * is verified like any other, so nobody without the server's key can attest an alteration.
 */
async function erasureAnchors(db: Tx, tenantId: string | null): Promise<Map<number, string>> {
  const scope = tenantId ? eq(auditLogs.tenantId, tenantId) : isNull(auditLogs.tenantId);
  const rows = await db
    .select({ payload: auditLogs.payload, hash: auditLogs.hash })
    .from(auditLogs)
    .where(and(scope, eq(auditLogs.action, ERASURE_ANCHOR_ACTION)));
  const anchored = new Map<number, string>();
  for (const row of rows) {
    if (!isPseudonymisedHash(row.hash)) continue;
    const entries = row.payload.legacyEntries;
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (Array.isArray(entry) && typeof entry[0] === 'number' && typeof entry[1] === 'string' && typeof entry[2] === 'string') {
        anchored.set(entry[0], `${entry[1]}:${entry[2]}`);
      }
    }
  }
  return anchored;
}

/** The action of the entry that attests legacy entries whose personal fields an erasure removed. */
export const ERASURE_ANCHOR_ACTION = 'audit.personal_data_erased';

export async function verifyAuditChain({ db, tenantId }: AuditChain, input?: AuditVerifyInput): Promise<ChainVerification> {
  const scope = tenantId ? eq(auditLogs.tenantId, tenantId) : isNull(auditLogs.tenantId);
  const notedMatch = input?.notedHead ? NOTED_HEAD.exec(input.notedHead) : null;
  const noted = notedMatch ? { entries: Number(notedMatch[1]), hash: notedMatch[2]!, found: false } : undefined;
  // Entries removed by retention from the chain's start: verification anchors at the purge
  // entry that recorded the removed prefix's last hash (see retention.ts).
  let purged: { entries: number; before: string } | undefined;
  const notedResult = (checked: number) =>
    noted ? { ...noted, entriesSince: noted.found ? (purged?.entries ?? 0) + checked - noted.entries : null } : undefined;
  const anchored = await erasureAnchors(db, tenantId);
  let prev: string | null = null;
  let checked = 0;
  let unkeyed = 0;
  let lastSeq = 0;
  let last: { id: string; seq: number; createdAt: Date; action: string } | null = null;
  const batch = 2000;
  for (;;) {
    const rows = await db
      .select({
        ...columns,
        actorPseudonym: auditLogs.actorPseudonym,
        personalDigest: auditLogs.personalDigest,
        personalErasedAt: auditLogs.personalErasedAt,
        prevHash: auditLogs.prevHash,
        hash: auditLogs.hash,
      })
      .from(auditLogs)
      .where(and(scope, sql`${auditLogs.seq} > ${lastSeq}`))
      .orderBy(asc(auditLogs.seq))
      .limit(batch);
    for (const row of rows) {
      const brokenAt = { id: row.id, seq: row.seq, createdAt: row.createdAt, action: row.action };
      if (checked === 0 && row.prevHash !== null) {
        const anchor = await anchorFor(db, tenantId, row.prevHash);
        if (anchor) {
          prev = row.prevHash;
          purged = { entries: anchor.purgedTotal, before: anchor.purgedBefore };
        }
      }
      const keyed = isKeyedHash(row.hash);
      const fields = {
        tenantId,
        actorId: row.actorId,
        actorType: row.actorType,
        actorLabel: row.actorLabel,
        action: row.action,
        resourceType: row.resourceType,
        resourceId: row.resourceId,
        status: row.status,
        ipAddress: row.ipAddress,
        userAgent: row.userAgent,
        correlationId: row.correlationId,
        payload: row.payload,
        createdAt: row.createdAt,
      };
      const erased = row.personalErasedAt !== null;
      const matches =
        row.prevHash === prev &&
        (isPseudonymisedHash(row.hash)
          ? pseudonymisedHashMatches(row.hash, prev, {
              ...fields,
              actorPseudonym: row.actorPseudonym,
              personalDigest: row.personalDigest,
              personalErased: erased,
            })
          : erased
            ? anchored.get(row.seq) === `${row.hash}:${scrubbedLegacyDigest(fields)}`
            : hashMatches(row.hash, prev, fields));
      if (!matches) {
        return { intact: false, checked, brokenAt, reason: 'altered', noted: notedResult(checked), purged };
      }
      if (!keyed && unkeyed < checked) {
        return { intact: false, checked, brokenAt, reason: 'unkeyed', noted: notedResult(checked), purged };
      }
      if (!keyed) unkeyed++;
      prev = row.hash;
      checked++;
      lastSeq = row.seq;
      last = brokenAt;
      if (noted && (purged?.entries ?? 0) + checked === noted.entries && row.hash === noted.hash) noted.found = true;
    }
    if (rows.length < batch) break;
  }
  if (last && unkeyed === checked) {
    return { intact: false, checked: checked - 1, brokenAt: last, reason: 'unsealed', noted: notedResult(checked), purged };
  }
  return { intact: true, checked, unkeyed, noted: notedResult(checked), purged };
}
