import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db/client';
import * as s from '@/db/schema';

/** Ids of the rows one tenant's fixture created, used as parents by later tables. */
export type Refs = Record<string, string>;

type Builder = (tx: Tx, tenantId: string, refs: Refs) => Promise<string | undefined>;

const one = async <T extends { id: string }>(rows: Promise<T[]>) => (await rows)[0]!.id;

const unit = (n: number) => {
  const v = new Array<number>(s.EMBEDDING_DIMENSIONS).fill(0);
  v[n % v.length] = 1;
  return v;
};

/**
 * One insert per tenant-scoped table, in dependency order. The isolation suite runs each of
 * them inside a tenant transaction as the application role, and checks that every tenant-scoped
 * table of the database has a builder here, so a new table cannot skip the suite.
 */
export const TENANT_ROW_BUILDERS: Array<[table: string, build: Builder]> = [
  [
    'users',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.users)
          .values({ tenantId, email: `u-${randomUUID()}@x.test`, fullName: 'U', status: 'invited' })
          .returning(),
      ),
  ],
  [
    'roles',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.roles)
          .values({ tenantId, name: `role-${randomUUID()}` })
          .returning(),
      ),
  ],
  [
    'role_permissions',
    async (tx, tenantId, r) => {
      await tx.insert(s.rolePermissions).values({ tenantId, roleId: r.roles!, permission: 'chat:use' });
      return undefined;
    },
  ],
  [
    'user_roles',
    async (tx, tenantId, r) => {
      await tx.insert(s.userRoles).values({ tenantId, userId: r.users!, roleId: r.roles! });
      return undefined;
    },
  ],
  [
    'permissions',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.permissions)
          .values({ tenantId, userId: r.users!, resourceType: 'collection', resourceId: randomUUID(), level: 'read' })
          .returning(),
      ),
  ],
  [
    'user_tokens',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.userTokens)
          .values({ tenantId, userId: r.users!, purpose: 'invite', tokenHash: randomUUID(), expiresAt: new Date() })
          .returning(),
      ),
  ],
  [
    'api_keys',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.apiKeys)
          .values({ tenantId, name: 'k', prefix: `ao_${randomUUID().slice(0, 12)}`, hashedKey: 'h' })
          .returning(),
      ),
  ],
  [
    'api_idempotency_keys',
    (tx, tenantId, refs) =>
      one(
        tx
          .insert(s.apiIdempotencyKeys)
          .values({ tenantId, apiKeyId: refs.api_keys!, key: randomUUID(), method: 'POST', path: '/documents', requestHash: 'h' })
          .returning(),
      ),
  ],
  [
    'tenant_sso',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.tenantSso)
          .values({
            tenantId,
            displayName: 'IdP',
            issuer: 'https://idp.example',
            clientId: 'c',
            clientSecretEncrypted: 'e',
            keyVersion: 1,
            allowedDomains: ['example.com'],
          })
          .returning(),
      ),
  ],
  ['tenant_llm_config', (tx, tenantId) => one(tx.insert(s.tenantLlmConfig).values({ tenantId, modelName: 'm' }).returning())],
  [
    'tenant_profile',
    async (tx, tenantId) => {
      await tx.insert(s.tenantProfile).values({ tenantId, description: 'd' });
      return undefined;
    },
  ],
  [
    'collections',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.collections)
          .values({ tenantId, name: `c-${randomUUID()}` })
          .returning(),
      ),
  ],
  [
    'documents',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.documents)
          .values({
            tenantId,
            collectionId: r.collections!,
            filename: 'a.txt',
            storageKey: `k/${randomUUID()}`,
            mimeType: 'text/plain',
            fileType: 'txt',
            sizeBytes: 1,
            checksumSha256: 'a'.repeat(64),
          })
          .returning(),
      ),
  ],
  [
    'document_chunks',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.documentChunks)
          .values({
            tenantId,
            documentId: r.documents!,
            chunkIndex: 0,
            content: 'hello world',
            charStart: 0,
            charEnd: 11,
          })
          .returning(),
      ),
  ],
  [
    'embeddings_registry',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.embeddingsRegistry)
          .values({ tenantId, modelName: `m-${randomUUID()}`, dims: 1536, config: { kind: 'local-hash' }, status: 'retired' })
          .returning(),
      ),
  ],
  [
    'chunk_embeddings',
    async (tx, tenantId, r) => {
      await tx.insert(s.chunkEmbeddings).values({
        tenantId,
        chunkId: r.document_chunks!,
        documentId: r.documents!,
        embedderId: r.embeddings_registry!,
        dims: s.EMBEDDING_DIMENSIONS,
        embedding: unit(1),
      });
      return undefined;
    },
  ],
  [
    'processing_jobs',
    (tx, tenantId, r) => one(tx.insert(s.processingJobs).values({ tenantId, documentId: r.documents!, jobType: 'ingest' }).returning()),
  ],
  ['chat_sessions', (tx, tenantId, r) => one(tx.insert(s.chatSessions).values({ tenantId, userId: r.users! }).returning())],
  [
    'chat_messages',
    (tx, tenantId, r) =>
      one(tx.insert(s.chatMessages).values({ tenantId, sessionId: r.chat_sessions!, role: 'user', content: 'q' }).returning()),
  ],
  [
    'message_feedback',
    (tx, tenantId, r) =>
      one(tx.insert(s.messageFeedback).values({ tenantId, messageId: r.chat_messages!, userId: r.users!, rating: 'up' }).returning()),
  ],
  [
    'agent_runs',
    (tx, tenantId, r) => {
      const at = new Date();
      return one(
        tx
          .insert(s.agentRuns)
          .values({
            tenantId,
            kind: 'chat',
            userId: r.users!,
            sessionId: r.chat_sessions!,
            model: 'extractive-v1',
            provider: 'local',
            status: 'failed',
            latencyMs: 0,
            startedAt: at,
            finishedAt: at,
          })
          .returning(),
      );
    },
  ],
  [
    'agent_failures',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.agentFailures)
          .values({ tenantId, runId: r.agent_runs!, stage: 'model', errorCode: 'http_500', message: 'y', retryable: true })
          .returning(),
      ),
  ],
  [
    'tenant_quotas',
    async (tx, tenantId) => {
      // Tenants made by createTenant already have quotas; the row must exist either way.
      await tx.insert(s.tenantQuotas).values({ tenantId }).onConflictDoNothing();
      return undefined;
    },
  ],
  [
    'usage_metrics',
    (tx, tenantId) => one(tx.insert(s.usageMetrics).values({ tenantId, date: '2026-01-01', userId: null, requests: 1 }).returning()),
  ],
  [
    'quota_counters',
    async (tx, tenantId) => {
      await tx.insert(s.quotaCounters).values({ tenantId, scope: 'tenant', subjectId: tenantId, period: '2026-01-01', used: '1' });
      return undefined;
    },
  ],
  [
    'quota_reservations',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.quotaReservations)
          .values({ tenantId, holds: [], expiresAt: new Date('2026-01-01T00:05:00Z') })
          .returning(),
      ),
  ],
  [
    'quota_notices',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.quotaNotices)
          .values({ tenantId, limitName: 'tokens_per_day', subjectId: tenantId, period: '2026-01-01', used: '80', limitValue: '100' })
          .returning(),
      ),
  ],
  [
    'quota_refusals',
    (tx, tenantId) =>
      one(tx.insert(s.quotaRefusals).values({ tenantId, date: '2026-01-01', limitName: 'tokens_per_day', refusals: 1 }).returning()),
  ],
  [
    'usage_events',
    (tx, tenantId) =>
      one(tx.insert(s.usageEvents).values({ tenantId, userId: null, kind: 'chat', localDate: '2026-01-01', requests: 1 }).returning()),
  ],
  [
    'audit_logs',
    (tx, tenantId) =>
      one(tx.insert(s.auditLogs).values({ tenantId, actorType: 'system', action: 'test.row', status: 'success', hash: 'h' }).returning()),
  ],
  [
    'audit_identities',
    async (tx, tenantId, r) => {
      await tx
        .insert(s.auditIdentities)
        .values({ tenantId, pseudonym: `p-${randomUUID()}`, userId: r.users!, email: 'u@x.test', name: 'U' });
      return undefined;
    },
  ],
  [
    'gdpr_requests',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.gdprRequests)
          .values({ tenantId, subjectEmail: 's@x.test', type: 'access', dueAt: new Date(Date.now() + 30 * 86_400_000) })
          .returning(),
      ),
  ],
  ['data_retention_jobs', (tx, tenantId) => one(tx.insert(s.dataRetentionJobs).values({ tenantId, scheduledAt: new Date() }).returning())],
  [
    'retention_policies',
    async (tx, tenantId) => {
      await tx.insert(s.retentionPolicies).values({ tenantId, chatsDays: 30 }).onConflictDoNothing();
      return undefined;
    },
  ],
  [
    'legal_holds',
    (tx, tenantId, r) =>
      one(tx.insert(s.legalHolds).values({ tenantId, targetType: 'user', targetId: r.users!, reason: 'litigation' }).returning()),
  ],
  [
    'rag_eval_datasets',
    (tx, tenantId) =>
      one(
        tx
          .insert(s.ragEvalDatasets)
          .values({ tenantId, name: `d-${randomUUID()}` })
          .returning(),
      ),
  ],
  [
    'rag_eval_cases',
    (tx, tenantId, r) => one(tx.insert(s.ragEvalCases).values({ tenantId, datasetId: r.rag_eval_datasets!, question: 'q?' }).returning()),
  ],
  [
    'rag_evaluations',
    (tx, tenantId, r) => one(tx.insert(s.ragEvaluations).values({ tenantId, datasetId: r.rag_eval_datasets! }).returning()),
  ],
  [
    'rag_eval_results',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.ragEvalResults)
          .values({ tenantId, evaluationId: r.rag_evaluations!, caseId: r.rag_eval_cases!, query: 'q', answer: 'a' })
          .returning(),
      ),
  ],
  [
    'rag_metrics',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.ragMetrics)
          .values({ tenantId, evaluationId: r.rag_evaluations!, resultId: r.rag_eval_results!, faithfulness: 1 })
          .returning(),
      ),
  ],
  [
    'rag_reports',
    (tx, tenantId, r) =>
      one(
        tx
          .insert(s.ragReports)
          .values({
            tenantId,
            evaluationId: r.rag_evaluations!,
            format: 'json',
            storageKey: 'r.json',
            filename: 'r.json',
            sizeBytes: 2,
            sha256: 'x',
          })
          .returning(),
      ),
  ],
];

/** Inserts one row into every tenant-scoped table for `tenantId`, returning the ids. */
export async function insertTenantRows(tx: Tx, tenantId: string): Promise<Refs> {
  const refs: Refs = {};
  for (const [table, build] of TENANT_ROW_BUILDERS) {
    const id = await build(tx, tenantId, refs);
    if (id) refs[table] = id;
  }
  return refs;
}
