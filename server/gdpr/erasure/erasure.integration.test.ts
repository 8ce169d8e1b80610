import { getStorage } from '@/server/storage';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionClaims } from '@/server/auth/types';
import { auditLogs, ragEvalCases, ragEvalDatasets, ragEvalResults, apiKeys } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { recordAgentRun } from '@/server/agent-runs/record';
import { chainHash, type HashedFields } from '@/server/audit/hash';
import { uploadDocument } from '@/server/documents/upload';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { enqueueJob } from '@/server/jobs/queue';
import { Worker } from '@/server/jobs/worker';
import { recordUsage } from '@/server/usage/meter';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, testPasswordHash, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const settings = { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES } as Parameters<typeof uploadDocument>[1];

async function drain() {
  const worker = new Worker({ db: t.db, id: 'erasure-test', handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // until the queue is empty
  }
}

/** A person invited by the admin (mail, link, audit entry naming them), then active. */
async function person(f: Fixture, name: string) {
  const email = `${name.split(' ')[0]!.toLowerCase()}-${randomUUID().slice(0, 6)}@subject.test`;
  const { user } = await callerFor(t.db, asUser(f, 'admin')).users.invite({ email, fullName: name, roleIds: [f.roleIds.editor] });
  await t.db.execute(sql`update users set status = 'active', hashed_password = ${await testPasswordHash()} where id = ${user.id}`);
  const claims: SessionClaims = { kind: 'user', tenantId: f.tenant.id, id: user.id };
  return { id: user.id, email, name, claims };
}

async function upload(claims: SessionClaims, collectionId: string, filename: string, text: string) {
  const result = await withServiceContext(t.db, claims, (ctx) =>
    uploadDocument(ctx, settings, {
      collectionId,
      filename,
      bytes: new TextEncoder().encode(text),
      onDuplicate: 'replace',
      visibility: 'tenant',
    }),
  );
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

async function ask(claims: SessionClaims, sessionId: string, question: string) {
  const stream = await callerFor(t.db, claims).chat.onAnswer({ sessionId, question });
  let messageId: string | null = null;
  for await (const event of stream) if (event.type === 'done') messageId = event.message.id;
  return messageId!;
}

async function erase(f: Fixture, subject: { id: string } | { email: string }, sharedDocuments: 'delete' | 'keep') {
  const [request] = await t.db.execute<{ id: string }>(sql`
    insert into gdpr_requests (tenant_id, type, status, subject_user_id, subject_email, due_at, shared_documents)
    values (${f.tenant.id}, 'erasure', 'processing', ${'id' in subject ? subject.id : null}, ${'email' in subject ? subject.email : null},
      now() + interval '30 days', ${sharedDocuments})
    returning id`);
  await t.db.transaction((tx) => enqueueJob(tx, { tenantId: f.tenant.id, jobType: 'gdpr_erasure', payload: { requestId: request!.id } }));
  await drain();
  const [row] = await t.db.execute<{
    status: string;
    error: string | null;
    certificate: Record<string, unknown> | null;
    certificate_signature: string | null;
    subject_user_id: string | null;
    subject_email: string | null;
    subject_pseudonym: string | null;
    progress: { step: string; done: number; total: number } | null;
  }>(sql`select * from gdpr_requests where id = ${request!.id}`);
  return { id: request!.id, ...row! };
}

/** Every text, JSON and text-array column of every table, searched for `needle` as the privileged role. */
async function searchDatabase(needle: string, exceptTenant?: string) {
  const columns = await t.db.execute<{ table_name: string; column_name: string; has_tenant: boolean }>(sql`
    select c.table_name, c.column_name,
      exists (select 1 from information_schema.columns x where x.table_schema = 'public' and x.table_name = c.table_name and x.column_name = 'tenant_id') as has_tenant
    from information_schema.columns c
    join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'tsvector'))`);
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const c of columns) {
    const [row] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(c.table_name)}
          where ${sql.identifier(c.column_name)}::text ilike ${`%${needle}%`} ${exceptTenant && c.has_tenant ? sql`and tenant_id is distinct from ${exceptTenant}` : sql``}`,
    );
    if (row!.n > 0) found.push(`${c.table_name}.${c.column_name} (${row!.n})`);
  }
  return found;
}

async function searchStorage(needle: string) {
  const root = process.env.STORAGE_DIR!;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    if ((await readFile(full, 'utf8')).toLowerCase().includes(needle.toLowerCase()) || full.toLowerCase().includes(needle.toLowerCase())) {
      found.push(full);
    }
  }
  return found;
}

async function usageTotals(tenantId: string) {
  const [row] = await t.db.execute<{ tokens_in: number; tokens_out: number; requests: number; cost: string }>(sql`
    select coalesce(sum(tokens_in), 0)::float8 as tokens_in, coalesce(sum(tokens_out), 0)::float8 as tokens_out,
      coalesce(sum(requests), 0)::int as requests, coalesce(sum(cost_usd), 0)::text as cost
    from usage_metrics where tenant_id = ${tenantId}`);
  return row!;
}

async function rowsOf(tenantId: string) {
  const tables = await t.db.execute<{ table_name: string }>(sql`
    select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1`);
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await t.db.execute<{ digest: string }>(
      sql`select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as digest from ${sql.identifier(table_name)} x where tenant_id = ${tenantId}`,
    );
    out[table_name] = row!.digest;
  }
  return out;
}

describe('erasure of a user (gdpr_erasure)', () => {
  it('removes every copy of them, keeps the audit chain verifiable and pseudonymously linked, and certifies it', async () => {
    const phrase = `heliotrope ${randomUUID().slice(0, 8)} manifesto`;
    const subject = await person(a, 'Zebulon Quargle');
    const colleague = await person(a, 'Priya Colleague');
    const admin = callerFor(t.db, asUser(a, 'admin'));

    const shared = (await admin.collections.create({ name: 'Shared handbook', description: '', visibility: 'tenant' })).id;
    const mine = (await callerFor(t.db, subject.claims).collections.create({ name: 'My notes', description: '', visibility: 'restricted' }))
      .id;
    const sharedDoc = await upload(
      subject.claims,
      shared,
      'handbook-notes.txt',
      'Onboarding steps: read the handbook, meet the team, set up your laptop.',
    );
    const privateDoc = await upload(subject.claims, mine, 'diary.txt', `My own notes. Contact: ${subject.email}.`);
    await drain();

    // They chat (the question holds the phrase) and rate an answer; a colleague's answer cites their shared document.
    const chat = await callerFor(t.db, subject.claims).chat.create({ collectionIds: [] });
    const answer = await ask(subject.claims, chat.id, `What does the ${phrase} say about onboarding?`);
    await callerFor(t.db, subject.claims).chat.rate({ messageId: answer, rating: 'up', comment: `Great answer for ${subject.name}` });
    const colleagueChat = await callerFor(t.db, colleague.claims).chat.create({ collectionIds: [] });
    const cited = await ask(colleague.claims, colleagueChat.id, 'What are the onboarding steps?');

    // An evaluation copied their question, and a result quoted it.
    await withTenant({ tenantId: a.tenant.id }, async (tx) => {
      const [dataset] = await tx
        .insert(ragEvalDatasets)
        .values({ tenantId: a.tenant.id, name: 'Regression', createdBy: subject.id })
        .returning();
      await tx.insert(ragEvalCases).values([
        { tenantId: a.tenant.id, datasetId: dataset!.id, question: `What does the ${phrase} say about onboarding?` },
        { tenantId: a.tenant.id, datasetId: dataset!.id, question: 'What is the holiday policy?', expectedAnswer: `Ask ${subject.name}` },
        { tenantId: a.tenant.id, datasetId: dataset!.id, question: 'Who approves expenses?', expectedAnswer: 'The finance team.' },
      ]);
      // A run they started names them in its snapshot, and its stored HTML report does too.
      const snapshot = { snapshot: { model: 'extractive-v1', startedBy: { id: subject.id, name: subject.email } } };
      const [run] = await tx.execute<{ id: string }>(
        sql`insert into rag_evaluations (tenant_id, dataset_id, created_by, config)
            values (${a.tenant.id}, ${dataset!.id}, ${subject.id}, ${JSON.stringify(snapshot)}::jsonb) returning id`,
      );
      const report = Buffer.from(`<html><body>Started by ${subject.email}</body></html>`);
      const reportKey = `${a.tenant.id}/evaluations/${run!.id}/${randomUUID()}.html`;
      await getStorage().put(reportKey, report);
      await tx.execute(
        sql`insert into rag_reports (tenant_id, evaluation_id, format, storage_key, filename, size_bytes, sha256)
            values (${a.tenant.id}, ${run!.id}, 'html', ${reportKey}, 'run.html', ${report.length}, ${'0'.repeat(64)})`,
      );
      await tx.insert(ragEvalResults).values({
        tenantId: a.tenant.id,
        evaluationId: run!.id,
        query: `What does the ${phrase} say about onboarding?`,
        answer: 'Read the handbook.',
      });
      await recordAgentRun(tx, a.tenant.id, {
        kind: 'evaluation',
        userId: subject.id,
        apiKeyId: null,
        evaluationId: run!.id,
        model: 'extractive-v1',
        provider: 'local',
        status: 'succeeded',
        latencyMs: 5,
        inputTokens: 10,
        outputTokens: 3,
        costUsd: null,
        retrievedChunkIds: [],
        startedAt: new Date(),
        finishedAt: new Date(),
      });
      await tx.insert(apiKeys).values({
        tenantId: a.tenant.id,
        name: 'Zebulon script',
        prefix: `zq${randomUUID().slice(0, 10)}`,
        hashedKey: 'x',
        createdBy: subject.id,
      });
      await recordUsage(tx, {
        tenantId: a.tenant.id,
        userId: subject.id,
        kind: 'chat',
        model: 'extractive-v1',
        inputTokens: 500,
        outputTokens: 70,
        requests: 1,
      });
      await recordUsage(tx, {
        tenantId: a.tenant.id,
        userId: null,
        kind: 'chat',
        model: 'extractive-v1',
        inputTokens: 11,
        outputTokens: 3,
        requests: 1,
      });
    });
    await t.db.execute(
      sql`insert into quota_refusals (tenant_id, date, limit_name, user_id, refusals) values (${a.tenant.id}, '2026-01-01', 'tokens_per_day', ${subject.id}, 2)`,
    );
    await t.db.execute(
      sql`insert into quota_refusals (tenant_id, date, limit_name, user_id, refusals) values (${a.tenant.id}, '2026-01-01', 'tokens_per_day', null, 1)`,
    );

    // Tenant B: its own people and data, untouched by A's erasure.
    const bPerson = await person(b, 'Zebulon Quargle');
    await upload(
      bPerson.claims,
      (await callerFor(t.db, asUser(b, 'admin')).collections.create({ name: 'B docs', description: '', visibility: 'tenant' })).id,
      'b.txt',
      'Tenant B keeps this.',
    );
    await drain();
    const bBefore = await rowsOf(b.tenant.id);

    expect(await searchDatabase(subject.email)).not.toEqual([]);
    expect(await searchDatabase(phrase)).not.toEqual([]);
    expect(await admin.audit.verify()).toMatchObject({ intact: true });
    const listedBefore = await admin.audit.list({ page: 1, pageSize: 100, actor: subject.email });
    expect(listedBefore.items.length).toBeGreaterThanOrEqual(2);
    const pseudonym = listedBefore.items[0]!.actorPseudonym!;
    expect(pseudonym).toMatch(/^ps\d+_[0-9a-f]{32}$/);
    expect(
      listedBefore.items.every((e) => e.actorPseudonym === pseudonym && e.actorLabel === subject.email && e.actorName === subject.name),
    ).toBe(true);
    const theirActions = listedBefore.items.map((e) => e.id).sort();
    const usageBefore = await usageTotals(a.tenant.id);
    const [refusalsBefore] = await t.db.execute<{ n: number }>(
      sql`select sum(refusals)::int as n from quota_refusals where tenant_id = ${a.tenant.id}`,
    );

    const [citingBefore] = await t.db.execute<{ citations: { documentId: string }[] }>(
      sql`select citations from chat_messages where id = ${cited}`,
    );
    expect(citingBefore!.citations.map((c) => c.documentId)).toContain(sharedDoc);

    const request = await erase(a, { id: subject.id }, 'delete');
    expect(request.error).toBeNull();
    expect(request.status).toBe('completed');
    expect(request.progress).toEqual({ step: 'completed', done: 9, total: 9 });
    expect(request).toMatchObject({ subject_user_id: null, subject_email: null, subject_pseudonym: pseudonym });

    // Nothing names them anywhere: no table, no column, no stored file.
    // (Tenant B has a person of the same name: their rows are B's, and stay.)
    expect(await searchDatabase(subject.name)).not.toEqual([]);
    for (const needle of [subject.email, subject.name, phrase]) {
      expect(await searchDatabase(needle, b.tenant.id)).toEqual([]);
      expect(await searchStorage(needle)).toEqual([]);
    }
    // Their documents (the shared one too, as asked) with chunks, vectors and full text are gone.
    const [left] = await t.db.execute<{ docs: number; chunks: number }>(sql`
      select (select count(*)::int from documents where id in (${sharedDoc}, ${privateDoc})) as docs,
        (select count(*)::int from document_chunks where document_id in (${sharedDoc}, ${privateDoc})) as chunks`);
    expect(left).toEqual({ docs: 0, chunks: 0 });
    // The colleague's answer stays theirs, without the citation of the erased document.
    const [citing] = await t.db.execute<{ citations: unknown[] }>(sql`select citations from chat_messages where id = ${cited}`);
    expect(citing!.citations).toEqual([]);
    // Workspace data that did not copy them stays.
    const [cases] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from rag_eval_cases where tenant_id = ${a.tenant.id}`);
    expect(cases!.n).toBe(1);

    // The chain verifies, their two actions still link by pseudonym, and the log shows the pseudonym.
    expect(await admin.audit.verify()).toMatchObject({ intact: true });
    const listedAfter = await admin.audit.list({ page: 1, pageSize: 100, actor: pseudonym });
    expect(listedAfter.items.map((e) => e.id).sort()).toEqual(theirActions);
    expect(
      listedAfter.items.every((e) => e.actorLabel === `erased person ${pseudonym}` && e.actorName === null && e.ipAddress === null),
    ).toBe(true);
    // Others keep their e-mail in the log.
    const adminEntries = await admin.audit.list({ page: 1, pageSize: 5, actor: a.users.admin.email });
    expect(adminEntries.items.length).toBeGreaterThan(0);
    expect(adminEntries.items.every((e) => e.actorLabel === a.users.admin.email)).toBe(true);

    // Usage: the same totals, without them.
    expect(await usageTotals(a.tenant.id)).toEqual(usageBefore);
    const [refusalsAfter] = await t.db.execute<{ n: number }>(
      sql`select sum(refusals)::int as n from quota_refusals where tenant_id = ${a.tenant.id}`,
    );
    expect(refusalsAfter).toEqual(refusalsBefore);

    // Tenant B is exactly as it was, chain included.
    expect(await rowsOf(b.tenant.id)).toEqual(bBefore);
    expect(await callerFor(t.db, asUser(b, 'admin')).audit.verify()).toMatchObject({ intact: true });

    // The certificate: no personal data, every store at zero, signed; altered, it fails.
    const certificate = request.certificate!;
    const text = JSON.stringify(certificate);
    for (const needle of [subject.email, subject.name, phrase, subject.id]) expect(text).not.toContain(needle);
    expect(certificate).toMatchObject({
      requestId: request.id,
      tenantId: a.tenant.id,
      subjectPseudonym: pseudonym,
      scopes: { sharedDocuments: 'delete' },
    });
    expect(Object.values(certificate.remaining as Record<string, number>).every((n) => n === 0)).toBe(true);
    expect(certificate.removed).toMatchObject({
      documents: 2,
      files: 2,
      chatSessions: 1,
      feedback: 1,
      users: 1,
      apiKeys: 1,
      evalCases: 2,
      evalResults: 1,
      evalRuns: 1,
      evalReports: 1,
    });
    expect((certificate.removed as Record<string, number>).chunks).toBeGreaterThan(0);
    const head = await admin.audit.head();
    expect((certificate.auditChain as { head: string }).head).toMatch(/^\d+:h3\./);
    expect(head!.entries).toBe((certificate.auditChain as { entries: number }).entries + 1);

    const verify = callerFor(t.db, null).gdprCertificates.verify;
    const signature = request.certificate_signature!;
    await expect(verify({ certificate, signature })).resolves.toMatchObject({ valid: true });
    const recount = { ...certificate, removed: { ...(certificate.removed as object), documents: 1 } };
    await expect(verify({ certificate: recount, signature })).resolves.toMatchObject({
      valid: false,
      reason: expect.stringMatching(/changed/),
    });
    const forged = Buffer.from(signature, 'base64');
    forged[0] = forged[0]! ^ 1;
    await expect(verify({ certificate, signature: forged.toString('base64') })).resolves.toMatchObject({ valid: false });
    await expect(admin.gdprCertificates.get({ requestId: request.id })).resolves.toMatchObject({
      signature,
      verification: { valid: true },
    });
    // Another tenant's admin cannot learn of it; someone without gdpr:manage may not read it.
    expect(await trpcCode(callerFor(t.db, asUser(b, 'admin')).gdprCertificates.get({ requestId: request.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).gdprCertificates.get({ requestId: request.id }))).toBe('FORBIDDEN');
  }, 240_000);

  it('keeps their uploads to shared collections when asked, owned by the workspace, and removes the rest', async () => {
    const subject = await person(a, 'Kept Uploader');
    const admin = callerFor(t.db, asUser(a, 'admin'));
    const shared = (await admin.collections.create({ name: `Policies ${randomUUID().slice(0, 4)}`, description: '', visibility: 'tenant' }))
      .id;
    const mine = (
      await callerFor(t.db, subject.claims).collections.create({
        name: `Private ${randomUUID().slice(0, 4)}`,
        description: '',
        visibility: 'restricted',
      })
    ).id;
    const kept = await upload(
      subject.claims,
      shared,
      'policy.txt',
      `The travel policy: book economy class for flights under six hours. Questions to ${subject.email}.`,
    );
    const gone = await upload(subject.claims, mine, 'mine.txt', 'Only mine: a draft of something personal.');
    await drain();
    const request = await erase(a, { id: subject.id }, 'keep');
    expect(request.status).toBe('completed');
    const [doc] = await t.db.execute<{ uploaded_by: string | null; chunks: number; storage_key: string }>(sql`
      select uploaded_by, storage_key, (select count(*)::int from document_chunks where document_id = d.id) as chunks from documents d where id = ${kept}`);
    expect(doc).toMatchObject({ uploaded_by: null });
    expect(doc!.chunks).toBeGreaterThan(0);
    const [removed] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from documents where id = ${gone}`);
    expect(removed!.n).toBe(0);
    // The kept policy still names them: kept by the workspace's choice, so reported apart, not as remaining.
    expect(request.certificate).toMatchObject({
      sharedDocumentsKept: 1,
      keptDocumentMentions: 1,
      scopes: { sharedDocuments: 'keep' },
      removed: { documents: 1 },
    });
    expect(await searchStorage('draft of something personal')).toEqual([]);
    expect(await searchStorage('travel policy')).not.toEqual([]);
  }, 120_000);

  it('erases what names someone known only by an e-mail address', async () => {
    const email = `outsider-${randomUUID().slice(0, 6)}@elsewhere.test`;
    await t.db.execute(sql`
      insert into mail_outbox (tenant_id, kind, recipient, subject, text_body, html_body) values (${a.tenant.id}, 'notice', ${email}, 'Hello', 'Hi', '<p>Hi</p>')`);
    await withTenant({ tenantId: a.tenant.id }, async (tx) => {
      const [dataset] = await tx
        .insert(ragEvalDatasets)
        .values({ tenantId: a.tenant.id, name: `Outsiders ${randomUUID().slice(0, 4)}` })
        .returning();
      await tx.insert(ragEvalCases).values({ tenantId: a.tenant.id, datasetId: dataset!.id, question: `Who wrote to ${email}?` });
    });
    const request = await erase(a, { email }, 'delete');
    expect(request.status).toBe('completed');
    expect(request.certificate).toMatchObject({ subjectKind: 'email', removed: { mail: 1, evalCases: 1 } });
    expect(await searchDatabase(email)).toEqual([]);
  }, 120_000);

  it('refuses a request that is not being processed, and puts nothing in a certificate', async () => {
    const subject = await person(a, 'Not Yet Approved');
    const [request] = await t.db.execute<{ id: string }>(sql`
      insert into gdpr_requests (tenant_id, type, status, subject_user_id, due_at) values (${a.tenant.id}, 'erasure', 'received', ${subject.id}, now() + interval '30 days') returning id`);
    await t.db.transaction((tx) => enqueueJob(tx, { tenantId: a.tenant.id, jobType: 'gdpr_erasure', payload: { requestId: request!.id } }));
    await drain();
    const [row] = await t.db.execute<{ status: string; certificate: unknown }>(
      sql`select status, certificate from gdpr_requests where id = ${request!.id}`,
    );
    expect(row).toEqual({ status: 'received', certificate: null });
    const [user] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from users where id = ${subject.id}`);
    expect(user!.n).toBe(1);
  }, 60_000);

  it('removes the personal part of audit entries written before pseudonyms, and the chain still verifies', async () => {
    const c = await createTenantFixture(t.db);
    const subject = await person(c, 'Legacy Person');
    const admin = callerFor(t.db, asUser(c, 'admin'));
    // An entry as the previous release wrote it: h2, the e-mail, address and user agent hashed directly.
    const head = await admin.audit.head();
    const fields = {
      tenantId: c.tenant.id,
      actorId: subject.id,
      actorType: 'user' as const,
      actorLabel: subject.email,
      action: 'document.upload',
      resourceType: 'document',
      resourceId: randomUUID(),
      status: 'success' as const,
      ipAddress: '198.51.100.23',
      userAgent: 'Legacy Browser',
      correlationId: null,
      payload: { filename: 'legacy.txt', email: subject.email, sizeBytes: 10 },
      createdAt: new Date(),
    } satisfies HashedFields;
    const [legacy] = await t.db
      .insert(auditLogs)
      .values({ ...fields, prevHash: head!.hash, hash: chainHash(head!.hash, fields) })
      .returning({ id: auditLogs.id, hash: auditLogs.hash });
    await admin.collections.create({ name: 'After the legacy entry', description: '', visibility: 'tenant' });
    expect(await admin.audit.verify()).toMatchObject({ intact: true });

    const request = await erase(c, { id: subject.id }, 'delete');
    expect(request.status).toBe('completed');
    expect(request.certificate).toMatchObject({ removed: { auditLegacyEntries: 1 } });
    const [row] = await t.db
      .select()
      .from(auditLogs)
      .where(sql`${auditLogs.id} = ${legacy!.id}`);
    expect(row).toMatchObject({ hash: legacy!.hash, actorLabel: null, ipAddress: null, userAgent: null, payload: { sizeBytes: 10 } });
    expect(row!.personalErasedAt).not.toBeNull();
    expect(await searchDatabase(subject.email)).toEqual([]);
    expect(await admin.audit.verify()).toMatchObject({ intact: true });

    // What the erasure attested cannot be changed afterwards.
    await t.db.execute(sql`update audit_logs set action = 'document.delete' where id = ${legacy!.id}`);
    expect(await admin.audit.verify()).toMatchObject({ intact: false, reason: 'altered', brokenAt: { id: legacy!.id } });
  }, 120_000);
});
