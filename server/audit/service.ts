import 'server-only';
import { and, asc, count, desc, eq, gte, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { auditLogs } from '@/db/schema';
import type { SystemServiceContext, TenantServiceContext } from '@/server/auth/types';
import { likePattern, offsetOf } from '@/server/shared/pagination';
import { chainHash } from './hash';
import type { AuditFilters, AuditListInput, ChainVerification } from './schema';

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
    filters.push(or(ilike(auditLogs.actorLabel, pattern), sql`${auditLogs.actorId}::text = ${f.actor.trim()}`)!);
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

export async function listAudit({ db, tenantId }: AuditChain, input: AuditListInput) {
  const where = whereOf(tenantId, input);
  const items = await db
    .select(columns)
    .from(auditLogs)
    .where(where)
    .orderBy(desc(auditLogs.seq))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(auditLogs).where(where);
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
    .select(columns)
    .from(auditLogs)
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
 * Recomputes the chain from the first entry: each entry's hash must match its content and the
 * previous entry's hash. Reports the first entry where that fails (edited, inserted or removed).
 */
export async function verifyAuditChain({ db, tenantId }: AuditChain): Promise<ChainVerification> {
  const scope = tenantId ? eq(auditLogs.tenantId, tenantId) : isNull(auditLogs.tenantId);
  let prev: string | null = null;
  let checked = 0;
  let lastSeq = 0;
  const batch = 2000;
  for (;;) {
    const rows = await db
      .select({ ...columns, prevHash: auditLogs.prevHash, hash: auditLogs.hash })
      .from(auditLogs)
      .where(and(scope, sql`${auditLogs.seq} > ${lastSeq}`))
      .orderBy(asc(auditLogs.seq))
      .limit(batch);
    for (const row of rows) {
      const expected = chainHash(prev, {
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
      });
      if (row.prevHash !== prev || row.hash !== expected) {
        return { intact: false, checked, brokenAt: { id: row.id, seq: row.seq, createdAt: row.createdAt, action: row.action } };
      }
      prev = row.hash;
      checked++;
      lastSeq = row.seq;
    }
    if (rows.length < batch) return { intact: true, checked };
  }
}
