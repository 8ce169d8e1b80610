import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { getStorage } from '@/server/storage';
import { emailPatterns, mentions, textArray, uuidArray, type ErasureSubject } from './subject';

const count = async (tx: Tx, query: SQL) => (await tx.execute<{ n: number }>(query))[0]?.n ?? 0;

const notKept = (s: ErasureSubject, id: SQL) =>
  sql`${id} not in (select d.id from documents d where d.tenant_id = ${s.tenantId} and d.metadata->>'keptByErasure' = ${s.requestId})`;

/**
 * Passages of the shared documents kept at the request's choice (`sharedDocuments: 'keep'`) that
 * still mention the subject's address: the workspace chose to keep them, so they are reported on
 * the certificate as retained, not as remaining.
 */
export async function keptDocumentMentions(tx: Tx, s: ErasureSubject): Promise<number> {
  if (s.emails.length === 0) return 0;
  return count(
    tx,
    sql`select count(*)::int as n from document_chunks k join documents d on d.tenant_id = k.tenant_id and d.id = k.document_id
        where k.tenant_id = ${s.tenantId} and d.metadata->>'keptByErasure' = ${s.requestId}
          and (k.content ilike any(${emailPatterns(s)}) or d.filename ilike any(${emailPatterns(s)}))`,
  );
}

/**
 * Rows of the tenant, in any table, whose text, JSON or text-array columns mention one of the
 * subject's addresses, read from the catalogue so a new table or column is never missed.
 */
export async function textMentions(tx: Tx, s: ErasureSubject): Promise<number> {
  if (s.emails.length === 0) return 0;
  const columns = await tx.execute<{ table_name: string; column_name: string; has_tenant: boolean }>(sql`
    select c.table_name, c.column_name,
      exists (select 1 from information_schema.columns t
              where t.table_schema = c.table_schema and t.table_name = c.table_name and t.column_name = 'tenant_id') as has_tenant
    from information_schema.columns c join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'jsonb', 'json') or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))
    order by 1, 2`);
  const tables = new Map<string, { columns: string[]; hasTenant: boolean }>();
  for (const c of columns) {
    const entry = tables.get(c.table_name) ?? { columns: [], hasTenant: c.has_tenant };
    entry.columns.push(c.column_name);
    tables.set(c.table_name, entry);
  }
  let total = 0;
  for (const [table, { columns: cols, hasTenant }] of tables) {
    // The tenant's rows only: the same address may belong to someone in another workspace.
    const base = hasTenant ? sql`tenant_id = ${s.tenantId}` : table === 'tenants' ? sql`id = ${s.tenantId}` : null;
    if (!base) continue;
    // Shared documents kept at the request's choice are counted apart (keptDocumentMentions).
    const scope =
      table === 'documents'
        ? sql`${base} and ${notKept(s, sql`id`)}`
        : table === 'document_chunks'
          ? sql`${base} and ${notKept(s, sql`document_id`)}`
          : base;
    const any = sql.join(
      cols.map((c) => sql`${sql.identifier(c)}::text ilike any(${emailPatterns(s)})`),
      sql` or `,
    );
    total += await count(tx, sql`select count(*)::int as n from ${sql.identifier(table)} where ${scope} and (${any})`);
  }
  return total;
}

/**
 * What is left of the subject in every store once the erasure ran: each must be 0 for the
 * certificate to be issued. `removedDocuments` and `removedFiles` are this attempt's targets
 * (a document row is only ever deleted after its file, so earlier attempts' files are gone).
 */
export async function remainingCounts(
  tx: Tx,
  s: ErasureSubject,
  removed: { documentIds: string[]; storageKeys: string[] },
): Promise<Record<string, number>> {
  const T = s.tenantId;
  const U = sql`${s.userId}::uuid`;
  const emails = textArray(s.emails);
  const [chunks] = await tx.execute<{ n: number; vectors: number; fulltext: number }>(sql`
    select count(*)::int as n,
      coalesce(sum((select count(*) from chunk_embeddings e where e.tenant_id = k.tenant_id and e.chunk_id = k.id)), 0)::int as vectors,
      count(k.search)::int as fulltext
    from document_chunks k left join documents d on d.tenant_id = k.tenant_id and d.id = k.document_id
    where k.tenant_id = ${T} and (k.document_id = any(${uuidArray(removed.documentIds)}) or d.uploaded_by = ${U} or d.id is null)`);
  const storage = getStorage();
  let files = 0;
  for (const key of removed.storageKeys) {
    if (
      await storage.get(key).then(
        () => true,
        () => false,
      )
    )
      files++;
  }
  return {
    users: await count(tx, sql`select count(*)::int as n from users where tenant_id = ${T} and (id = ${U} or email = any(${emails}))`),
    chatSessions: await count(tx, sql`select count(*)::int as n from chat_sessions where tenant_id = ${T} and user_id = ${U}`),
    chatMessages: await count(
      tx,
      sql`select count(*)::int as n from chat_messages m join chat_sessions c on c.tenant_id = m.tenant_id and c.id = m.session_id
          where m.tenant_id = ${T} and c.user_id = ${U}`,
    ),
    feedback: await count(tx, sql`select count(*)::int as n from message_feedback where tenant_id = ${T} and user_id = ${U}`),
    documents: await count(
      tx,
      sql`select count(*)::int as n from documents where tenant_id = ${T} and (uploaded_by = ${U} or id = any(${uuidArray(removed.documentIds)}))`,
    ),
    chunks: chunks?.n ?? 0,
    vectors: chunks?.vectors ?? 0,
    fullTextEntries: chunks?.fulltext ?? 0,
    files,
    citations: await count(
      tx,
      sql`select count(*)::int as n from chat_messages m where m.tenant_id = ${T}
          and exists (select 1 from jsonb_array_elements(m.citations) c where (c->>'documentId') = any(${textArray(removed.documentIds)}))`,
    ),
    evalCases: await count(
      tx,
      sql`select count(*)::int as n from rag_eval_cases where tenant_id = ${T} and (${mentions(s, sql`question`)} or ${mentions(s, sql`coalesce(expected_answer, '')`)})`,
    ),
    evalResults: await count(
      tx,
      sql`select count(*)::int as n from rag_eval_results where tenant_id = ${T}
          and (${mentions(s, sql`query`)} or ${mentions(s, sql`answer`)} or ${mentions(s, sql`citations`)})`,
    ),
    evalRuns: await count(
      tx,
      sql`select count(*)::int as n from rag_evaluations where tenant_id = ${T}
          and (created_by = ${U} or config->'snapshot'->'startedBy'->>'id' = ${U}::text or ${mentions(s, sql`config`)})`,
    ),
    apiKeys: await count(tx, sql`select count(*)::int as n from api_keys where tenant_id = ${T} and created_by = ${U}`),
    usageEvents: await count(tx, sql`select count(*)::int as n from usage_events where tenant_id = ${T} and user_id = ${U}`),
    agentRuns: await count(tx, sql`select count(*)::int as n from agent_runs where tenant_id = ${T} and user_id = ${U}`),
    usageRollups: await count(tx, sql`select count(*)::int as n from usage_metrics where tenant_id = ${T} and user_id = ${U}`),
    quotaCounters: await count(tx, sql`select count(*)::int as n from quota_counters where tenant_id = ${T} and subject_id = ${U}`),
    quotaNotices: await count(tx, sql`select count(*)::int as n from quota_notices where tenant_id = ${T} and subject_id = ${U}`),
    quotaRefusals: await count(tx, sql`select count(*)::int as n from quota_refusals where tenant_id = ${T} and user_id = ${U}`),
    userTokens: await count(tx, sql`select count(*)::int as n from user_tokens where tenant_id = ${T} and user_id = ${U}`),
    userRoles: await count(tx, sql`select count(*)::int as n from user_roles where tenant_id = ${T} and user_id = ${U}`),
    accessGrants: await count(tx, sql`select count(*)::int as n from permissions where tenant_id = ${T} and user_id = ${U}`),
    mail: await count(tx, sql`select count(*)::int as n from mail_outbox where tenant_id = ${T} and lower(recipient) = any(${emails})`),
    auditIdentities: await count(
      tx,
      sql`select count(*)::int as n from audit_identities where tenant_id = ${T} and (pseudonym = ${s.pseudonym} or user_id = ${U})`,
    ),
    auditEntries: await count(
      tx,
      sql`select count(*)::int as n from audit_logs where tenant_id = ${T} and personal_erased_at is null
          and (actor_pseudonym = ${s.pseudonym} or actor_id = ${U} or resource_id = ${s.userId ?? ''})`,
    ),
    gdprRequests: await count(
      tx,
      sql`select count(*)::int as n from gdpr_requests where tenant_id = ${T} and (subject_user_id = ${U} or lower(subject_email) = any(${emails}))`,
    ),
    textMentions: await textMentions(tx, s),
  };
}
