import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { auditLogs } from '@/db/schema';
import { scrubbedLegacyDigest, isPseudonymisedHash, splitPayload } from '@/server/audit/hash';
import { ERASURE_ANCHOR_ACTION } from '@/server/audit/service';
import { writeAudit } from '@/server/audit/write';
import { getStorage } from '@/server/storage';
import { recordUsage } from '@/server/usage/meter';
import { affected, emailPatterns, mentions, textArray, uuidArray, type ErasureSubject } from './subject';

/**
 * The steps of an erasure, in order. Each runs in a transaction of its own on the privileged
 * connection (the application role may not change the append-only tables), filters by the
 * tenant explicitly, and finds its targets afresh, so a step interrupted half-way simply runs
 * again. Each returns what it removed, by store.
 */
export type Removed = Record<string, number>;

type DocumentTargets = { remove: { id: string; storage_key: string; size_bytes: number }[]; keep: string[] };

/**
 * The subject's uploads: those in their own restricted collections are private and always go;
 * those in shared collections (visible to the workspace, or created by someone else) go or stay
 * as the request says. Kept ones become the workspace's (uploaded_by NULL), marked with the request
 * (`metadata.keptByErasure`) so the check can tell what was kept by choice.
 */
async function documentTargets(tx: Tx, s: ErasureSubject): Promise<DocumentTargets> {
  if (!s.userId) return { remove: [], keep: [] };
  const rows = await tx.execute<{ id: string; storage_key: string; size_bytes: number; shared: boolean }>(sql`
    select d.id, d.storage_key, d.size_bytes::float8 as size_bytes, (c.visibility = 'tenant' or c.created_by is distinct from ${s.userId}::uuid) as shared
    from documents d join collections c on c.tenant_id = d.tenant_id and c.id = d.collection_id
    where d.tenant_id = ${s.tenantId} and d.uploaded_by = ${s.userId}`);
  const keep = s.sharedDocuments === 'keep' ? rows.filter((r) => r.shared) : [];
  return { remove: rows.filter((r) => !keep.includes(r)), keep: keep.map((r) => r.id) };
}

/** Files in storage: their uploads that go, and the export archives of their access requests. */
export async function eraseFiles(tx: Tx, s: ErasureSubject): Promise<Removed> {
  const { remove } = await documentTargets(tx, s);
  const exports = await tx.execute<{ export_storage_key: string }>(sql`
    select export_storage_key from gdpr_requests
    where tenant_id = ${s.tenantId} and export_storage_key is not null
      and (subject_user_id = ${s.userId}::uuid or lower(subject_email) = any(${textArray(s.emails)}) or subject_pseudonym = ${s.pseudonym})`);
  const keys = [...remove.map((d) => d.storage_key), ...exports.map((e) => e.export_storage_key)];
  const storage = getStorage();
  let files = 0;
  for (const key of keys) {
    const present = await storage.get(key).then(
      () => true,
      () => false,
    );
    await storage.remove(key);
    if (present) files++;
  }
  return { files };
}

/**
 * Their documents that go (with chunks, vectors and full-text entries, by ON DELETE CASCADE),
 * their jobs, and what copied their text elsewhere: citations of them in other people's chats
 * and evaluation results that retrieved or cited them. Kept documents lose their uploader.
 */
export async function eraseDocuments(tx: Tx, s: ErasureSubject): Promise<Removed> {
  const { remove, keep } = await documentTargets(tx, s);
  const ids = remove.map((d) => d.id);
  const kept = keep.length
    ? await affected(
        tx,
        sql`update documents set uploaded_by = null, metadata = metadata || jsonb_build_object('keptByErasure', ${s.requestId}::text)
            where tenant_id = ${s.tenantId} and id = any(${uuidArray(keep)})`,
      )
    : 0;
  if (ids.length === 0) {
    return {
      documents: 0,
      chunks: 0,
      vectors: 0,
      fullTextEntries: 0,
      citations: 0,
      evalResults: 0,
      evalReports: 0,
      collections: 0,
      sharedDocumentsKept: kept,
    };
  }
  const [chunks] = await tx.execute<{ n: number; vectors: number; fulltext: number; ids: string[] }>(sql`
    select count(*)::int as n,
      (select count(*) from chunk_embeddings e where e.tenant_id = ${s.tenantId} and e.document_id = any(${uuidArray(ids)}))::int as vectors,
      count(search)::int as fulltext, coalesce(array_agg(id), '{}') as ids
    from document_chunks where tenant_id = ${s.tenantId} and document_id = any(${uuidArray(ids)})`);
  const citations = await affected(
    tx,
    sql`update chat_messages m set citations = coalesce(
          (select jsonb_agg(c) from jsonb_array_elements(m.citations) c where not ((c->>'documentId') = any(${textArray(ids)}))), '[]'::jsonb)
        where m.tenant_id = ${s.tenantId}
          and exists (select 1 from jsonb_array_elements(m.citations) c where (c->>'documentId') = any(${textArray(ids)}))`,
  );
  const deletedResults = await tx.execute<{ evaluation_id: string }>(
    sql`delete from rag_eval_results r where r.tenant_id = ${s.tenantId}
        and (r.retrieved_chunk_ids && ${uuidArray(chunks?.ids ?? [])}
          or exists (select 1 from jsonb_array_elements(r.citations) c where (c->>'documentId') = any(${textArray(ids)}))
          or exists (select 1 from jsonb_array_elements(r.expected->'goldDocuments') g where (g->>'documentId') = any(${textArray(ids)})))
        returning r.evaluation_id`,
  );
  const evalResults = deletedResults.length;
  const evalReports = await eraseRunReports(
    tx,
    s.tenantId,
    deletedResults.map((r) => r.evaluation_id),
  );
  await tx.execute(sql`
    update rag_eval_cases set expected_document_ids = array(select unnest(expected_document_ids) except select unnest(${uuidArray(ids)}))
    where tenant_id = ${s.tenantId} and expected_document_ids && ${uuidArray(ids)}`);
  await tx.execute(sql`delete from processing_jobs where tenant_id = ${s.tenantId} and document_id = any(${uuidArray(ids)})`);
  const documents = await affected(tx, sql`delete from documents where tenant_id = ${s.tenantId} and id = any(${uuidArray(ids)})`);
  // The files are gone: storage use drops, counted for the workspace (nobody's), as a deletion is.
  const bytes = remove.reduce((sum, d) => sum + Number(d.size_bytes), 0);
  if (bytes > 0) await recordUsage(tx, { tenantId: s.tenantId, userId: null, kind: 'storage', storageBytes: -bytes });
  // Their own restricted collections that are now empty go too: their names are theirs.
  const collections = await affected(
    tx,
    sql`delete from collections c where c.tenant_id = ${s.tenantId} and c.created_by = ${s.userId}::uuid and c.visibility = 'restricted'
        and not exists (select 1 from documents d where d.tenant_id = c.tenant_id and d.collection_id = c.id)`,
  );
  return {
    documents,
    chunks: chunks?.n ?? 0,
    vectors: chunks?.vectors ?? 0,
    fullTextEntries: chunks?.fulltext ?? 0,
    citations,
    evalResults,
    evalReports,
    collections,
    sharedDocumentsKept: kept,
  };
}

/**
 * Stored reports of evaluation runs that lost results (or named the subject): a report copies
 * questions, answers, passages and who started the run, so it goes with them. Reports are derived;
 * the run page makes a new one from what remains.
 */
async function eraseRunReports(tx: Tx, tenantId: string, evaluationIds: string[]): Promise<number> {
  const ids = [...new Set(evaluationIds)];
  if (ids.length === 0) return 0;
  const rows = await tx.execute<{ storage_key: string }>(
    sql`delete from rag_reports where tenant_id = ${tenantId} and evaluation_id = any(${uuidArray(ids)}) returning storage_key`,
  );
  const storage = getStorage();
  for (const r of rows) await storage.remove(r.storage_key);
  return rows.length;
}

/**
 * Evaluation cases and results that copied their words: a question they asked in chat, their
 * e-mail address or their full name. Runs before their chats are deleted (it reads them).
 */
export async function eraseEvaluations(tx: Tx, s: ErasureSubject): Promise<Removed> {
  const questions = s.userId
    ? (
        await tx.execute<{ q: string }>(sql`
          select distinct btrim(m.content) as q from chat_messages m
          join chat_sessions c on c.tenant_id = m.tenant_id and c.id = m.session_id
          where m.tenant_id = ${s.tenantId} and c.user_id = ${s.userId} and m.role = 'user' and length(btrim(m.content)) >= 12`)
      ).map((r) => r.q)
    : [];
  const asked = (column: ReturnType<typeof sql>) => sql`btrim(${column}) = any(${textArray(questions)})`;
  const evalCases = await affected(
    tx,
    sql`delete from rag_eval_cases where tenant_id = ${s.tenantId}
        and (${asked(sql`question`)} or ${mentions(s, sql`question`)} or ${mentions(s, sql`coalesce(expected_answer, '')`)})`,
  );
  const deletedResults = await tx.execute<{ evaluation_id: string }>(
    sql`delete from rag_eval_results where tenant_id = ${s.tenantId}
        and (${asked(sql`query`)} or ${mentions(s, sql`query`)} or ${mentions(s, sql`answer`)} or ${mentions(s, sql`citations`)}
          or ${mentions(s, sql`retrieved`)})
        returning evaluation_id`,
  );
  // Runs they started keep their numbers; who started them leaves the snapshot.
  const scrubbed = await tx.execute<{ id: string }>(
    sql`update rag_evaluations set config = jsonb_set(config, '{snapshot,startedBy}', jsonb_build_object('id', null, 'name', 'a former member'))
        where tenant_id = ${s.tenantId} and config ? 'snapshot'
          and (created_by = ${s.userId}::uuid or config->'snapshot'->'startedBy'->>'id' = ${s.userId ?? ''} or ${mentions(s, sql`config`)})
        returning id`,
  );
  const evalReports = await eraseRunReports(tx, s.tenantId, [...deletedResults.map((r) => r.evaluation_id), ...scrubbed.map((r) => r.id)]);
  return { evalCases, evalResults: deletedResults.length, evalRuns: scrubbed.length, evalReports };
}

/** Their chats with every message (immutable for users, erasable here), and their feedback. */
export async function eraseChats(tx: Tx, s: ErasureSubject): Promise<Removed> {
  if (!s.userId) return { chatSessions: 0, chatMessages: 0, feedback: 0 };
  const feedback = await affected(tx, sql`delete from message_feedback where tenant_id = ${s.tenantId} and user_id = ${s.userId}`);
  const [messages] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from chat_messages m join chat_sessions c on c.tenant_id = m.tenant_id and c.id = m.session_id
    where m.tenant_id = ${s.tenantId} and c.user_id = ${s.userId}`);
  const chatSessions = await affected(tx, sql`delete from chat_sessions where tenant_id = ${s.tenantId} and user_id = ${s.userId}`);
  return { chatSessions, chatMessages: messages?.n ?? 0, feedback };
}

/**
 * Usage keeps its totals without the person: their events lose the user (and their API keys),
 * and their daily rollups and refusal counts are added into the workspace's rows, so every sum
 * over the rollups is unchanged. Their quota counters and notices go (the tenant's stay), then
 * their API keys with their rate-limit windows.
 */
export async function eraseUsageAndKeys(tx: Tx, s: ErasureSubject): Promise<Removed> {
  if (!s.userId)
    return {
      usageEvents: 0,
      agentRuns: 0,
      usageRollups: 0,
      quotaCounters: 0,
      quotaNotices: 0,
      quotaRefusals: 0,
      apiKeys: 0,
      rateLimitCounters: 0,
    };
  const keys = (
    await tx.execute<{ id: string }>(sql`select id from api_keys where tenant_id = ${s.tenantId} and created_by = ${s.userId}`)
  ).map((k) => k.id);
  const theirs = (user: ReturnType<typeof sql>, key: ReturnType<typeof sql>) =>
    sql`(${user} = ${s.userId}::uuid or ${key} = any(${uuidArray(keys)}))`;
  const usageEvents = await affected(
    tx,
    sql`update usage_events set
          user_id = case when user_id = ${s.userId}::uuid then null else user_id end,
          api_key_id = case when api_key_id = any(${uuidArray(keys)}) then null else api_key_id end
        where tenant_id = ${s.tenantId} and ${theirs(sql`user_id`, sql`api_key_id`)}`,
  );
  // Runs of their chats went with the sessions; the rest (evaluation cases they started) lose them.
  const agentRuns = await affected(
    tx,
    sql`update agent_runs set
          user_id = case when user_id = ${s.userId}::uuid then null else user_id end,
          api_key_id = case when api_key_id = any(${uuidArray(keys)}) then null else api_key_id end
        where tenant_id = ${s.tenantId} and ${theirs(sql`user_id`, sql`api_key_id`)}`,
  );
  const [rollups] = await tx.execute<{ n: number }>(sql`
    with moved as (
      delete from usage_metrics where tenant_id = ${s.tenantId} and ${theirs(sql`user_id`, sql`api_key_id`)} returning *
    ), merged as (
      insert into usage_metrics (tenant_id, date, user_id, api_key_id, kind, model, tokens_in, tokens_out, tokens_cached, requests,
        failed_requests, ingestions, ocr_pages, storage_bytes, cost_usd, unpriced_events, events)
      select tenant_id, date,
        case when user_id = ${s.userId}::uuid then null else user_id end,
        case when api_key_id = any(${uuidArray(keys)}) then null else api_key_id end,
        kind, model, sum(tokens_in), sum(tokens_out), sum(tokens_cached), sum(requests), sum(failed_requests), sum(ingestions),
        sum(ocr_pages), sum(storage_bytes), sum(cost_usd), sum(unpriced_events), sum(events)
      from moved group by 1, 2, 3, 4, 5, 6
      on conflict on constraint usage_metrics_rollup_key do update set
        tokens_in = usage_metrics.tokens_in + excluded.tokens_in, tokens_out = usage_metrics.tokens_out + excluded.tokens_out,
        tokens_cached = usage_metrics.tokens_cached + excluded.tokens_cached, requests = usage_metrics.requests + excluded.requests,
        failed_requests = usage_metrics.failed_requests + excluded.failed_requests, ingestions = usage_metrics.ingestions + excluded.ingestions,
        ocr_pages = usage_metrics.ocr_pages + excluded.ocr_pages, storage_bytes = usage_metrics.storage_bytes + excluded.storage_bytes,
        cost_usd = usage_metrics.cost_usd + excluded.cost_usd, unpriced_events = usage_metrics.unpriced_events + excluded.unpriced_events,
        events = usage_metrics.events + excluded.events, updated_at = now()
      returning 1
    ) select (select count(*)::int from moved) as n, (select count(*) from merged) as merged`);
  const [refusals] = await tx.execute<{ n: number }>(sql`
    with moved as (
      delete from quota_refusals where tenant_id = ${s.tenantId} and ${theirs(sql`user_id`, sql`api_key_id`)} returning *
    ), merged as (
      insert into quota_refusals (tenant_id, date, limit_name, user_id, api_key_id, refusals)
      select tenant_id, date, limit_name,
        case when user_id = ${s.userId}::uuid then null else user_id end,
        case when api_key_id = any(${uuidArray(keys)}) then null else api_key_id end,
        sum(refusals)
      from moved group by 1, 2, 3, 4, 5
      on conflict on constraint quota_refusals_rollup_key do update set refusals = quota_refusals.refusals + excluded.refusals
      returning 1
    ) select (select count(*)::int from moved) as n, (select count(*) from merged) as merged`);
  const subjects = uuidArray([s.userId, ...keys]);
  const quotaCounters = await affected(
    tx,
    sql`delete from quota_counters where tenant_id = ${s.tenantId} and scope in ('user', 'api_key') and subject_id = any(${subjects})`,
  );
  const quotaNotices = await affected(tx, sql`delete from quota_notices where tenant_id = ${s.tenantId} and subject_id = any(${subjects})`);
  const rateLimitCounters = await affected(
    tx,
    sql`delete from rate_limit_counters where scope = 'api_key' and key = any(${textArray(keys)})`,
  );
  const apiKeys = await affected(tx, sql`delete from api_keys where tenant_id = ${s.tenantId} and id = any(${uuidArray(keys)})`);
  return {
    usageEvents,
    agentRuns,
    usageRollups: rollups?.n ?? 0,
    quotaCounters,
    quotaNotices,
    quotaRefusals: refusals?.n ?? 0,
    apiKeys,
    rateLimitCounters,
  };
}

/**
 * What names them elsewhere: mail sent to them or about them, one-time links, and their other
 * GDPR requests (scrubbed to the pseudonym like this one; their export archives went with the files).
 */
export async function eraseAccountTraces(tx: Tx, s: ErasureSubject): Promise<Removed> {
  const mail = await affected(
    tx,
    sql`delete from mail_outbox where tenant_id = ${s.tenantId}
        and (lower(recipient) = any(${textArray(s.emails)}) or text_body ilike any(${emailPatterns(s)}) or html_body ilike any(${emailPatterns(s)})
          or subject ilike any(${emailPatterns(s)}))`,
  );
  const userTokens = s.userId
    ? await affected(tx, sql`delete from user_tokens where tenant_id = ${s.tenantId} and user_id = ${s.userId}`)
    : 0;
  const gdprRequests = await affected(
    tx,
    sql`update gdpr_requests set subject_user_id = null, subject_email = null, subject_pseudonym = ${s.pseudonym},
          verification_code_hash = null, export_storage_key = null, updated_at = now()
        where tenant_id = ${s.tenantId} and id <> ${s.requestId}
          and (subject_user_id = ${s.userId}::uuid or lower(subject_email) = any(${textArray(s.emails)}))`,
  );
  return { mail, userTokens, gdprRequests };
}

/**
 * The audit log keeps every entry (the chain must verify), but entries by or about them lose
 * their personal part: actor label, address, user agent and personal payload fields. Entries
 * written since pseudonyms (h3) hash that part only through a digest, so they verify unchanged;
 * older entries (h2) are attested, with a digest of what remains, by a keyed entry of the
 * erasure (see verifyAuditChain). Their identity row goes: the log then shows the pseudonym.
 */
export async function eraseAuditPersonalData(tx: Tx, s: ErasureSubject): Promise<Removed> {
  const rows = await tx
    .select()
    .from(auditLogs)
    .where(
      sql`${auditLogs.tenantId} = ${s.tenantId} and ${auditLogs.personalErasedAt} is null and (
        ${auditLogs.actorPseudonym} = ${s.pseudonym} or ${auditLogs.actorId} = ${s.userId}::uuid or ${auditLogs.resourceId} = ${s.userId ?? ''}
        or ${auditLogs.actorLabel} ilike any(${emailPatterns(s)}) or ${auditLogs.payload}::text ilike any(${emailPatterns(s)}))`,
    )
    .orderBy(auditLogs.seq);
  const legacy: [number, string, string][] = [];
  const erasedAt = new Date();
  for (const row of rows) {
    const payload = splitPayload(row.payload).shared;
    await tx.execute(sql`
      update audit_logs set actor_label = null, ip_address = null, user_agent = null, payload = ${JSON.stringify(payload)}::jsonb,
        personal_erased_at = ${erasedAt.toISOString()}
      where id = ${row.id}`);
    if (!isPseudonymisedHash(row.hash)) {
      const remaining = { ...row, actorLabel: null, ipAddress: null, userAgent: null, payload };
      legacy.push([
        row.seq,
        row.hash,
        scrubbedLegacyDigest({
          tenantId: s.tenantId,
          actorId: remaining.actorId,
          actorType: remaining.actorType,
          actorLabel: null,
          action: remaining.action,
          resourceType: remaining.resourceType,
          resourceId: remaining.resourceId,
          status: remaining.status,
          ipAddress: null,
          userAgent: null,
          correlationId: remaining.correlationId,
          payload,
          createdAt: remaining.createdAt,
        }),
      ]);
    }
  }
  if (legacy.length > 0) {
    await writeAudit(tx, {
      tenantId: s.tenantId,
      actorType: 'system',
      actorLabel: 'gdpr erasure',
      action: ERASURE_ANCHOR_ACTION,
      resourceType: 'gdpr_request',
      resourceId: s.requestId,
      status: 'success',
      payload: { pseudonym: s.pseudonym, legacyEntries: legacy },
    });
  }
  const auditIdentities = await affected(
    tx,
    sql`delete from audit_identities where tenant_id = ${s.tenantId} and (pseudonym = ${s.pseudonym} or user_id = ${s.userId}::uuid)`,
  );
  return { auditEntries: rows.length - legacy.length, auditLegacyEntries: legacy.length, auditIdentities };
}

/** Their account: roles, grants and one-time links go with it (ON DELETE CASCADE); references elsewhere become NULL. */
export async function eraseUser(tx: Tx, s: ErasureSubject): Promise<Removed> {
  if (!s.userId) return { users: 0, userRoles: 0, accessGrants: 0 };
  const [held] = await tx.execute<{ roles: number; grants: number }>(sql`
    select (select count(*)::int from user_roles where tenant_id = ${s.tenantId} and user_id = ${s.userId}) as roles,
      (select count(*)::int from permissions where tenant_id = ${s.tenantId} and user_id = ${s.userId}) as grants`);
  const users = await affected(tx, sql`delete from users where tenant_id = ${s.tenantId} and id = ${s.userId}`);
  return { users, userRoles: held?.roles ?? 0, accessGrants: held?.grants ?? 0 };
}
