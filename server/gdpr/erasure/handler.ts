import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { auditChainHead } from '@/server/audit/service';
import { writeAudit } from '@/server/audit/write';
import { JobError, type JobContext, type JobHandler } from '@/server/jobs/worker';
import { signCertificate } from '@/server/gdpr/certificates/sign';
import type { ErasureCertificate } from '@/server/gdpr/certificates/schema';
import { keptDocumentMentions, remainingCounts } from './remaining';
import {
  eraseAccountTraces,
  eraseAuditPersonalData,
  eraseChats,
  eraseDocuments,
  eraseEvaluations,
  eraseFiles,
  eraseUsageAndKeys,
  eraseUser,
  type Removed,
} from './steps';
import { loadRequest, resolveSubject, uuidArray, type ErasureSubject } from './subject';

const ISSUER = 'AgenticOmni Console';

/** The steps as the request's progress names them; `certificate` is the final transaction. */
const STEPS = ['lock', 'files', 'documents', 'evaluations', 'chats', 'usage', 'account', 'audit', 'certificate'] as const;
type Step = (typeof STEPS)[number];

/** A transaction on the privileged connection for one step, fenced, with the tenant set for the functions that read it. */
function step<T>(ctx: JobContext, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await ctx.fence(tx);
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}

async function report(ctx: JobContext, s: ErasureSubject, name: Step) {
  const done = STEPS.indexOf(name);
  const progress = { step: name, done, total: STEPS.length };
  await ctx.db.execute(
    sql`update gdpr_requests set progress = ${JSON.stringify(progress)}::jsonb, updated_at = now() where id = ${s.requestId}`,
  );
  await ctx.progress({ stage: name, percent: Math.round((done / STEPS.length) * 100) });
}

const add = (into: Removed, more: Removed) => {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
};

/**
 * Erases a data subject from one workspace (GDPR Art. 17) for an approved request: every copy,
 * step by step (steps.ts), then proves it: what remains of them in every store is counted
 * (remaining.ts) and must be nothing, and a certificate without personal data, signed with the
 * server's Ed25519 key, is stored on the request, which is scrubbed to the pseudonym and
 * completed, in one transaction with the deletion of their account.
 */
async function run(ctx: JobContext): Promise<void> {
  const requestId = typeof ctx.job.payload.requestId === 'string' ? ctx.job.payload.requestId : null;
  if (!requestId) throw new JobError('This erasure job names no request.');
  const request = await ctx.db.transaction((tx) => loadRequest(tx, requestId));
  if (!request || request.tenant_id !== ctx.job.tenantId) throw new JobError('The erasure request no longer exists.');
  if (request.status === 'completed') return;
  if (request.type !== 'erasure') throw new JobError('This request is not an erasure request.');
  if (request.status !== 'processing') {
    throw new JobError(`The request is ${request.status.replace('_', ' ')}, not being processed: approve it again to erase.`);
  }
  const startedAt = ctx.job.startedAt ?? new Date();
  const s = await ctx.db.transaction((tx) => resolveSubject(tx, request));
  const removed: Removed = {};
  const targets = { documentIds: [] as string[], storageKeys: [] as string[] };

  await report(ctx, s, 'lock');
  // They can no longer act while their data goes: nothing new of theirs appears half-way.
  await step(ctx, s.tenantId, async (tx) => {
    await tx.execute(
      sql`update gdpr_requests set subject_pseudonym = ${s.pseudonym}, error = null, updated_at = now() where id = ${s.requestId}`,
    );
    if (s.userId) {
      await tx.execute(
        sql`update users set status = 'deactivated', sessions_revoked_at = now(), updated_at = now() where tenant_id = ${s.tenantId} and id = ${s.userId}`,
      );
    }
  });

  await report(ctx, s, 'files');
  await step(ctx, s.tenantId, async (tx) => {
    const docs = await tx.execute<{ id: string; storage_key: string }>(sql`
      select id, storage_key from documents where tenant_id = ${s.tenantId} and uploaded_by = ${s.userId}::uuid`);
    targets.documentIds = docs.map((d) => d.id);
    targets.storageKeys = docs.map((d) => d.storage_key);
    add(removed, await eraseFiles(tx, s));
  });

  await report(ctx, s, 'documents');
  const documents = await step(ctx, s.tenantId, (tx) => eraseDocuments(tx, s));
  const sharedDocumentsKept = documents.sharedDocumentsKept ?? 0;
  delete documents.sharedDocumentsKept;
  add(removed, documents);
  // Kept documents stay, owned by the workspace: they are not among what must be gone.
  targets.documentIds = await step(ctx, s.tenantId, async (tx) => {
    const still = await tx.execute<{ id: string }>(
      sql`select id from documents where tenant_id = ${s.tenantId} and id = any(${uuidArray(targets.documentIds)})`,
    );
    return targets.documentIds.filter((id) => !still.some((r) => r.id === id));
  });
  targets.storageKeys = targets.storageKeys.filter((key) => targets.documentIds.some((id) => key.includes(`/documents/${id}/`)));

  await report(ctx, s, 'evaluations');
  add(removed, await step(ctx, s.tenantId, (tx) => eraseEvaluations(tx, s)));
  await report(ctx, s, 'chats');
  add(removed, await step(ctx, s.tenantId, (tx) => eraseChats(tx, s)));
  await report(ctx, s, 'usage');
  add(removed, await step(ctx, s.tenantId, (tx) => eraseUsageAndKeys(tx, s)));
  await report(ctx, s, 'account');
  add(removed, await step(ctx, s.tenantId, (tx) => eraseAccountTraces(tx, s)));
  await report(ctx, s, 'audit');
  add(removed, await step(ctx, s.tenantId, (tx) => eraseAuditPersonalData(tx, s)));

  await report(ctx, s, 'certificate');
  await step(ctx, s.tenantId, async (tx) => {
    // Once more inside the final transaction: anything that named them since is caught here.
    add(removed, await eraseAccountTraces(tx, s));
    add(removed, await eraseAuditPersonalData(tx, s));
    add(removed, await eraseUser(tx, s));
    await tx.execute(sql`
      update gdpr_requests set subject_user_id = null, subject_email = null, subject_pseudonym = ${s.pseudonym},
        verification_code_hash = null, updated_at = now()
      where id = ${s.requestId}`);
    const remaining = await remainingCounts(tx, s, targets);
    const left = Object.entries(remaining).filter(([, n]) => n > 0);
    if (left.length > 0) {
      throw new JobError(
        `The erasure could not remove everything: ${left.map(([store, n]) => `${n} in ${store}`).join(', ')} still remain. Nothing was certified; fix the cause and approve the request again.`,
      );
    }
    await writeAudit(tx, {
      tenantId: s.tenantId,
      actorType: 'system',
      actorLabel: 'gdpr erasure',
      action: 'gdpr.erasure.performed',
      resourceType: 'gdpr_request',
      resourceId: s.requestId,
      status: 'success',
      payload: { pseudonym: s.pseudonym, sharedDocuments: s.sharedDocuments, removed, sharedDocumentsKept },
    });
    const head = await auditChainHead({ db: tx, tenantId: s.tenantId, name: s.tenantId });
    const completedAt = new Date();
    const body: Omit<ErasureCertificate, 'signingKey' | 'signatureAlgorithm'> = {
      type: 'gdpr-erasure-certificate',
      version: 1,
      issuer: ISSUER,
      requestId: s.requestId,
      tenantId: s.tenantId,
      subjectPseudonym: s.pseudonym,
      subjectKind: s.kind,
      scopes: { stores: Object.keys(remaining), sharedDocuments: s.sharedDocuments },
      removed,
      remaining,
      sharedDocumentsKept,
      keptDocumentMentions: await keptDocumentMentions(tx, s),
      auditChain: { head: head?.head ?? '', entries: head?.entries ?? 0 },
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
    };
    const { certificate, signature } = signCertificate(body);
    const progress = { step: 'completed', done: STEPS.length, total: STEPS.length };
    await tx.execute(sql`
      update gdpr_requests set status = 'completed', completed_at = ${completedAt.toISOString()}, certificate = ${JSON.stringify(certificate)}::jsonb,
        certificate_signature = ${signature}, progress = ${JSON.stringify(progress)}::jsonb, error = null, updated_at = now()
      where id = ${s.requestId}`);
    await writeAudit(tx, {
      tenantId: s.tenantId,
      actorType: 'system',
      actorLabel: 'gdpr erasure',
      action: 'gdpr.request.completed',
      resourceType: 'gdpr_request',
      resourceId: s.requestId,
      status: 'success',
      payload: {
        type: 'erasure',
        pseudonym: s.pseudonym,
        certificateKey: certificate.signingKey,
        auditChainHead: certificate.auditChain.head,
      },
    });
  });
}

/** Out of retries: the request goes back to approved with the reason, so an admin can retry. */
async function onFinalFailure(db: Db, job: { tenantId: string; payload: Record<string, unknown> }, message: string) {
  const requestId = typeof job.payload.requestId === 'string' ? job.payload.requestId : null;
  if (!requestId) return;
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ id: string }>(sql`
      update gdpr_requests set status = 'approved', error = ${message}, updated_at = now()
      where id = ${requestId} and tenant_id = ${job.tenantId} and status = 'processing' returning id`);
    if (!row) return;
    await writeAudit(tx, {
      tenantId: job.tenantId,
      actorType: 'system',
      actorLabel: 'gdpr erasure',
      action: 'gdpr.erasure.failed',
      resourceType: 'gdpr_request',
      resourceId: requestId,
      status: 'error',
      payload: { message },
    });
  });
}

export const erasureHandler: JobHandler = { run, onFinalFailure };

export const JOB_HANDLERS = { gdpr_erasure: erasureHandler } as const;
