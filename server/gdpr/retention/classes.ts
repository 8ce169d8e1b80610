import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { RetentionClass } from '@/lib/retention';

/**
 * What each class of data holds past its time, as SQL shared by the preview (counted in the
 * tenant's own transaction, under RLS) and the purge (the retention job, on the privileged
 * connection). Every statement names the tenant explicitly. A held user's rows and a held
 * document (with what was derived from it) are never candidates.
 */

export const cutoffOf = (days: number) => sql`(now() - make_interval(days => ${days}))`;

const heldUsers = (tenantId: string) =>
  sql`(select h.target_id from legal_holds h where h.tenant_id = ${tenantId} and h.target_type = 'user' and h.released_at is null)`;
const heldDocuments = (tenantId: string) =>
  sql`(select h.target_id from legal_holds h where h.tenant_id = ${tenantId} and h.target_type = 'document' and h.released_at is null)`;
const heldTargets = (tenantId: string) =>
  sql`(select h.target_id::text from legal_holds h where h.tenant_id = ${tenantId} and h.released_at is null)`;

/** Messages past the cutoff, outside held users' conversations and not carrying a held user's feedback. */
function chatMessageIds(tenantId: string, cutoff: SQL) {
  return sql`(select m.id from chat_messages m
    join chat_sessions s on s.tenant_id = m.tenant_id and s.id = m.session_id
    where m.tenant_id = ${tenantId} and m.created_at < ${cutoff}
      and s.user_id not in ${heldUsers(tenantId)}
      and not exists (select 1 from message_feedback f
        where f.tenant_id = ${tenantId} and f.message_id = m.id and f.user_id in ${heldUsers(tenantId)}))`;
}

/** Conversations started before the cutoff whose every message goes too. */
function chatSessionIds(tenantId: string, cutoff: SQL) {
  return sql`(select s.id from chat_sessions s
    where s.tenant_id = ${tenantId} and s.created_at < ${cutoff} and s.user_id not in ${heldUsers(tenantId)}
      and not exists (select 1 from chat_messages m where m.tenant_id = ${tenantId} and m.session_id = s.id
        and m.id not in ${chatMessageIds(tenantId, cutoff)}))`;
}

function documentIds(tenantId: string, cutoff: SQL) {
  return sql`(select d.id from documents d
    where d.tenant_id = ${tenantId} and d.created_at < ${cutoff}
      and d.id not in ${heldDocuments(tenantId)}
      and (d.uploaded_by is null or d.uploaded_by not in ${heldUsers(tenantId)}))`;
}

function evaluationIds(tenantId: string, cutoff: SQL) {
  return sql`(select e.id from rag_evaluations e
    where e.tenant_id = ${tenantId} and e.created_at < ${cutoff}
      and (e.created_by is null or e.created_by not in ${heldUsers(tenantId)}))`;
}

function usageEventWhere(tenantId: string, cutoff: SQL) {
  return sql`tenant_id = ${tenantId} and occurred_at < ${cutoff} and (user_id is null or user_id not in ${heldUsers(tenantId)})`;
}

/**
 * The audit log is a hash chain, so only a prefix can go: everything before the first entry
 * that is inside the period or concerns a held user or document (as actor or resource). The
 * newest entry always stays, so the chain keeps a head to link the next entry to.
 */
export function auditBoundarySeq(tenantId: string, cutoff: SQL) {
  return sql`coalesce(
    (select min(a.seq) from audit_logs a where a.tenant_id = ${tenantId}
      and (a.created_at >= ${cutoff} or a.actor_id in ${heldUsers(tenantId)} or a.resource_id in ${heldTargets(tenantId)})),
    (select max(a.seq) from audit_logs a where a.tenant_id = ${tenantId}), 0)`;
}

const COUNTS: Record<RetentionClass, (tenantId: string, cutoff: SQL) => SQL> = {
  chats: (t, c) => sql`select
    (select count(*)::int from chat_sessions where tenant_id = ${t} and id in ${chatSessionIds(t, c)}) as sessions,
    (select count(*)::int from chat_messages where tenant_id = ${t} and id in ${chatMessageIds(t, c)}) as messages,
    (select count(*)::int from message_feedback where tenant_id = ${t} and message_id in ${chatMessageIds(t, c)}) as feedback`,
  documents: (t, c) => sql`select
    (select count(*)::int from documents where tenant_id = ${t} and id in ${documentIds(t, c)}) as documents,
    (select coalesce(sum(size_bytes), 0)::float8 from documents where tenant_id = ${t} and id in ${documentIds(t, c)}) as bytes,
    (select count(*)::int from document_chunks where tenant_id = ${t} and document_id in ${documentIds(t, c)}) as chunks`,
  usage_events: (t, c) => sql`select count(*)::int as events from usage_events where ${usageEventWhere(t, c)}`,
  evaluations: (t, c) => sql`select
    (select count(*)::int from rag_evaluations where tenant_id = ${t} and id in ${evaluationIds(t, c)}) as runs,
    (select count(*)::int from rag_eval_results where tenant_id = ${t} and evaluation_id in ${evaluationIds(t, c)}) as results`,
  audit: (t, c) => sql`select count(*)::int as entries from audit_logs where tenant_id = ${t} and seq < ${auditBoundarySeq(t, c)}`,
};

/** How much of one class is past `days` now. */
export async function countPastRetention(tx: Tx, tenantId: string, cls: RetentionClass, days: number): Promise<Record<string, number>> {
  const [row] = await tx.execute<Record<string, number>>(COUNTS[cls](tenantId, cutoffOf(days)));
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

export type PurgedDocument = { id: string; storageKey: string; sizeBytes: number; uploadedBy: string | null };

/** Deletes the chats past their time (feedback and agent runs go with their messages and conversations). */
export async function purgeChats(tx: Tx, tenantId: string, days: number) {
  const cutoff = cutoffOf(days);
  // Sessions are chosen before their messages go: afterwards every conversation looks empty.
  const sessions = await tx.execute<{ id: string }>(sql`select id from ${chatSessionIds(tenantId, cutoff)} s`);
  await tx.execute(sql`delete from chat_messages where tenant_id = ${tenantId} and id in ${chatMessageIds(tenantId, cutoff)}`);
  if (sessions.length > 0) {
    await tx.execute(
      sql`delete from chat_sessions where tenant_id = ${tenantId} and id in (${sql.join(
        sessions.map((s) => sql`${s.id}::uuid`),
        sql`, `,
      )})`,
    );
  }
}

/** Deletes the documents past their time with their chunks and jobs; returns them so their files can go after commit. */
export async function purgeDocuments(tx: Tx, tenantId: string, days: number): Promise<PurgedDocument[]> {
  const docs = await tx.execute<{ id: string; storage_key: string; size_bytes: string; uploaded_by: string | null }>(
    sql`select id, storage_key, size_bytes, uploaded_by from documents where tenant_id = ${tenantId} and id in ${documentIds(tenantId, cutoffOf(days))}`,
  );
  if (docs.length === 0) return [];
  const ids = sql.join(
    docs.map((d) => sql`${d.id}::uuid`),
    sql`, `,
  );
  await tx.execute(sql`delete from processing_jobs where tenant_id = ${tenantId} and document_id in (${ids})`);
  await tx.execute(sql`delete from documents where tenant_id = ${tenantId} and id in (${ids})`);
  return docs.map((d) => ({ id: d.id, storageKey: d.storage_key, sizeBytes: Number(d.size_bytes), uploadedBy: d.uploaded_by }));
}

export async function purgeUsageEvents(tx: Tx, tenantId: string, days: number) {
  await tx.execute(sql`delete from usage_events where ${usageEventWhere(tenantId, cutoffOf(days))}`);
}

/** Deletes evaluation runs past their time (results, scores and reports cascade); returns the reports' stored files. */
export async function purgeEvaluations(tx: Tx, tenantId: string, days: number): Promise<string[]> {
  const ids = evaluationIds(tenantId, cutoffOf(days));
  const reports = await tx.execute<{ storage_key: string }>(
    sql`select storage_key from rag_reports where tenant_id = ${tenantId} and evaluation_id in ${ids}`,
  );
  await tx.execute(sql`delete from rag_evaluations where tenant_id = ${tenantId} and id in ${ids}`);
  return reports.map((r) => r.storage_key);
}
