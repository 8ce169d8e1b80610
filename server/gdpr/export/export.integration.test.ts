import { and, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditLogs, gdprRequests, processingJobs, tenantLlmConfig, usageMetrics } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { resolvePrincipal } from '@/server/auth/principal';
import type { SessionClaims } from '@/server/auth/types';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { enqueueJob } from '@/server/jobs/queue';
import { Worker } from '@/server/jobs/worker';
import { getStorage } from '@/server/storage';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';
import { sha256Hex, type Manifest } from './archive';
import { downloadExport } from './download';
import { exportStorageKey } from './job';
import { LINK_TTL_SECONDS } from './link';

/**
 * The access export end to end: a subject who uploaded files (one restricted), chatted over a
 * colleague's document that names the colleague, rated an answer, holds an API key and was acted
 * on by an admin; the gdpr_export job builds their archive, and the signed link serves it.
 */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let requestId: string;
let files: Record<string, Uint8Array>;
const OWN_NOTE = 'Lisbon roadmap notes written by the subject: ship the atlas in spring.';
const OWN_SECRET_PLAN = 'Private budget plan of the subject: 12 pelicans and a kayak.';
const ADMIN_ONLY = 'Board salaries memo, restricted to the admin: nobody else reads this.';
const API_SECRET_HASH = 'argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$HASHOFTHEKEYTHATMUSTNOTLEAK';
const MODEL_KEY_CIPHERTEXT = 'v2.2.aXZpdml2.dGFndGFn.TUODELKEYCIPHERTEXTMUSTNOTLEAK';
const B_PHRASE = 'Tenant B confidential phrase: marmalade submarine.';

const settings = { allowedFileTypes: ['txt' as const], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES };

async function upload(f: Fixture, role: 'admin' | 'editor', collectionId: string, filename: string, text: string, restricted = false) {
  const result = await withServiceContext(t.db, asUser(f, role), (ctx) =>
    uploadDocument(ctx, settings, {
      collectionId,
      filename,
      bytes: new TextEncoder().encode(text),
      onDuplicate: 'replace',
      visibility: restricted ? 'restricted' : 'tenant',
    }),
  );
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

const drain = async () => {
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // until the queue is empty
  }
};

async function ask(f: Fixture, sessionId: string, question: string) {
  const stream = await callerFor(t.db, asUser(f, 'editor')).chat.onAnswer({ sessionId, question });
  let messageId: string | null = null;
  for await (const event of stream) if (event.type === 'done') messageId = event.message.id;
  return messageId!;
}

async function insertRequest(f: Fixture, values: Partial<typeof gdprRequests.$inferInsert>) {
  return withTenant({ tenantId: f.tenant.id }, async (tx) => {
    const [row] = await tx
      .insert(gdprRequests)
      .values({ tenantId: f.tenant.id, type: 'access', status: 'processing', dueAt: new Date(Date.now() + 30 * 86_400_000), ...values })
      .returning();
    await enqueueJob(tx, { tenantId: f.tenant.id, jobType: 'gdpr_export', payload: { requestId: row!.id } });
    return row!;
  });
}

async function loadRequest(f: Fixture, id: string) {
  const [row] = await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(gdprRequests).where(eq(gdprRequests.id, id)));
  return row!;
}

async function archiveOf(f: Fixture, id: string) {
  const request = await loadRequest(f, id);
  return unzipSync(await getStorage().get(request.exportStorageKey!));
}

const allText = (entries: Record<string, Uint8Array>) =>
  Object.values(entries)
    .map((bytes) => Buffer.from(bytes).toString('latin1'))
    .join('\n');

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  const subject = a.users.editor;
  const adminA = callerFor(t.db, asUser(a, 'admin'));
  const shared = (await adminA.collections.create({ name: 'Shared', description: '', visibility: 'tenant' })).id;
  await upload(a, 'editor', shared, 'roadmap.txt', OWN_NOTE);
  await upload(a, 'editor', shared, '../../etc/<budget>.txt', OWN_SECRET_PLAN, true);
  await upload(a, 'admin', shared, 'salaries.txt', ADMIN_ONLY, true);
  await upload(
    a,
    'admin',
    shared,
    'contacts.txt',
    `Access to the atlas archive is granted by ${a.users.admin.fullName}. Write to ${a.users.admin.email} for atlas access.`,
  );
  const collectionB = (await callerFor(t.db, asUser(b, 'admin')).collections.create({ name: 'B', description: '', visibility: 'tenant' }))
    .id;
  await upload(b, 'editor', collectionB, 'b.txt', B_PHRASE);
  await drain();

  const editorA = callerFor(t.db, asUser(a, 'editor'));
  const chat = (await editorA.chat.create({ collectionIds: [] })).id;
  await editorA.chat.update({ id: chat, title: '<script>alert("pwned")</script> & plans' });
  const answer = await ask(a, chat, 'Who grants atlas access?');
  await editorA.chat.rate({ messageId: answer, rating: 'up', comment: 'Helpful, thanks' });
  const chatB = (await callerFor(t.db, asUser(b, 'editor')).chat.create({ collectionIds: [] })).id;
  await ask(b, chatB, 'What is the confidential phrase?');

  await withTenant({ tenantId: a.tenant.id }, async (tx) => {
    await tx.insert(apiKeys).values({
      tenantId: a.tenant.id,
      name: 'My laptop',
      prefix: 'exportkey1',
      hashedKey: API_SECRET_HASH,
      scopes: ['documents:read'],
      createdBy: subject.id,
    });
    await tx.insert(usageMetrics).values({ tenantId: a.tenant.id, date: '2026-11-30', userId: subject.id, kind: 'chat', tokensIn: 4242 });
    await tx.insert(tenantLlmConfig).values({
      tenantId: a.tenant.id,
      providerType: 'openai-compatible',
      baseUrl: 'https://llm.example.com/v1?token=abc',
      modelName: 'gpt-test',
      apiKeyEncrypted: MODEL_KEY_CIPHERTEXT,
      keyVersion: 2,
      priority: 5,
    });
    // An admin acted on the subject: the entry stays, the admin becomes "another person".
    await writeAudit(tx, {
      tenantId: a.tenant.id,
      actorId: a.users.admin.id,
      actorType: 'user',
      actorLabel: a.users.admin.email,
      action: 'users.update',
      resourceType: 'user',
      resourceId: subject.id,
      status: 'success',
      ipAddress: '198.51.100.9',
      userAgent: 'AdminBrowser/1.0',
      payload: { changedBy: a.users.admin.fullName, note: `approved by ${a.users.admin.email}` },
    });
  });

  // The subject acted on a colleague: the entry is theirs, the colleague in it is not.
  await withTenant({ tenantId: a.tenant.id }, (tx) =>
    writeAudit(tx, {
      tenantId: a.tenant.id,
      actorId: subject.id,
      actorType: 'user',
      actorLabel: subject.email,
      action: 'users.rename',
      resourceType: 'user',
      resourceId: a.users.viewer.id,
      status: 'success',
      payload: { email: a.users.viewer.email, fullName: a.users.viewer.fullName },
    }),
  );
  requestId = (await insertRequest(a, { subjectUserId: subject.id, channel: 'self', filedBy: subject.id })).id;
  await drain();
  files = await archiveOf(a, requestId);
});
afterAll(async () => {
  await t?.stop();
});

describe('gdpr_export job', () => {
  it('completes the request with the stored archive, its hash and size, progress, and an audit entry', async () => {
    const request = await loadRequest(a, requestId);
    expect(request).toMatchObject({ status: 'completed', error: null, exportStorageKey: exportStorageKey(a.tenant.id, requestId) });
    expect(request.completedAt).toBeInstanceOf(Date);
    const zip = await getStorage().get(request.exportStorageKey!);
    expect(request.exportSha256).toBe(sha256Hex(zip));
    expect(request.exportSizeBytes).toBe(zip.length);
    expect(request.progress).toMatchObject({ step: 'done' });
    expect(request.progress!.done).toBe(request.progress!.total);
    const [job] = await t.db.select().from(processingJobs).where(eq(processingJobs.jobType, 'gdpr_export'));
    expect(job).toMatchObject({ status: 'completed', tenantId: a.tenant.id });
    expect(await lastAuditEntry(a, 'gdpr.request.completed')).toMatchObject({
      actorType: 'system',
      resourceType: 'gdpr_request',
      resourceId: requestId,
      payload: { type: 'access', sha256: request.exportSha256 },
    });
  });

  it('puts every file in the manifest with its size and SHA-256', () => {
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Manifest;
    expect(manifest).toMatchObject({ requestId, tenant: a.tenant.name, requestType: 'access', subject: { kind: 'user' } });
    expect(new Date(manifest.generatedAt).getTime()).not.toBeNaN();
    const listed = manifest.files.map((f) => f.path).sort();
    expect(listed).toEqual(
      Object.keys(files)
        .filter((p) => p !== 'manifest.json')
        .sort(),
    );
    for (const entry of manifest.files) {
      expect(entry.sizeBytes).toBe(files[entry.path]!.length);
      expect(entry.sha256).toBe(sha256Hex(files[entry.path]!));
    }
    expect(listed).toEqual(
      expect.arrayContaining([
        'README.html',
        'processing.json',
        'data/profile.json',
        'data/roles.json',
        'data/chats.json',
        'data/feedback.json',
        'data/api-keys.json',
        'data/usage.json',
        'data/audit-events.json',
        'data/sessions.json',
        'data/documents.json',
      ]),
    );
  });

  it("holds the subject's data: profile without secrets, roles, chats with citations, feedback, key metadata, usage", () => {
    const json = (path: string) => JSON.parse(strFromU8(files[path]!)) as unknown;
    expect(json('data/profile.json')).toMatchObject({
      id: a.users.editor.id,
      email: a.users.editor.email,
      fullName: a.users.editor.fullName,
    });
    expect(json('data/profile.json')).not.toHaveProperty('hashedPassword');
    expect(json('data/roles.json')).toEqual([
      expect.objectContaining({ name: 'editor', permissions: expect.arrayContaining(['chat:use']) }),
    ]);
    const chats = json('data/chats.json') as Array<{
      title: string;
      messages: Array<{ role: string; content: string; citations: unknown[] }>;
    }>;
    expect(chats).toHaveLength(1);
    expect(chats[0]!.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(chats[0]!.messages[0]!.content).toBe('Who grants atlas access?');
    expect(chats[0]!.messages[1]!.citations.length).toBeGreaterThan(0);
    // The answer quoted the colleague's document, which names the colleague: redacted there.
    expect(JSON.stringify(chats[0]!.messages[1])).toContain('granted by another person');
    expect(json('data/feedback.json')).toEqual([expect.objectContaining({ rating: 'up', comment: 'Helpful, thanks' })]);
    expect(json('data/api-keys.json')).toEqual([
      expect.objectContaining({ name: 'My laptop', prefix: 'exportkey1', scopes: ['documents:read'] }),
    ]);
    expect(json('data/usage.json')).toEqual(
      expect.arrayContaining([expect.objectContaining({ date: '2026-11-30', kind: 'chat', tokensIn: 4242 })]),
    );
  });

  it('includes the original bytes of their uploads, restricted ones too, under safe names', () => {
    const uploaded = Object.entries(files).filter(([p]) => p.startsWith('files/'));
    expect(uploaded.map(([, bytes]) => strFromU8(bytes)).sort()).toEqual([OWN_SECRET_PLAN, OWN_NOTE].sort());
    for (const [path] of uploaded) expect(path).toMatch(/^files\/[0-9a-f]{8}-[^/]+$/);
    expect(uploaded.some(([p]) => p.includes('..'))).toBe(false);
  });

  it("leaves out other people's restricted documents, tenant B's data and every secret", () => {
    const text = allText(files);
    expect(text).not.toContain(ADMIN_ONLY);
    expect(text).not.toContain('salaries.txt');
    expect(text).not.toContain(B_PHRASE);
    expect(text).not.toContain(b.tenant.name);
    expect(text).not.toContain(b.users.editor.email);
    expect(text).not.toContain(API_SECRET_HASH);
    expect(text).not.toContain('HASHOFTHEKEY');
    expect(text).not.toContain('MODELKEYCIPHERTEXT');
    expect(text).not.toContain('token=abc');
    expect(text).not.toMatch(/argon2id\$/);
  });

  it("redacts other people's e-mails, names, addresses and browsers, and keeps the subject's own", () => {
    const text = allText(files);
    for (const person of [a.users.admin, a.users.viewer]) {
      expect(text).not.toContain(person.email);
      expect(text).not.toContain(person.fullName);
    }
    expect(text).not.toContain('198.51.100.9');
    expect(text).not.toContain('AdminBrowser');
    expect(text).toContain(a.users.editor.email);
    const audit = JSON.parse(strFromU8(files['data/audit-events.json']!)) as Array<{
      action: string;
      actor: { label: string; you: boolean };
      details: Record<string, string>;
    }>;
    const byAdmin = audit.find((e) => e.action === 'users.update')!;
    expect(byAdmin.actor).toEqual({ type: 'user', label: 'another person', you: false });
    expect(byAdmin.details).toEqual({ changedBy: 'another person', note: 'approved by another person' });
    expect(audit.some((e) => e.actor.you && e.action === 'chat.feedback')).toBe(true);
    const mine = audit.find((e) => e.action === 'users.rename')!;
    expect(mine).toMatchObject({ actor: { you: true, label: a.users.editor.email }, resourceId: 'another person' });
    expect(mine.details).toEqual({ email: 'another person', fullName: 'another person' });
    expect(text).not.toContain(a.users.viewer.id);
  });

  it('names the model provider by host in processing.json, with purposes, retention and rights, never the key', () => {
    const processing = JSON.parse(strFromU8(files['processing.json']!)) as {
      controller: string;
      recipients: Array<{ recipient: string; host?: string }>;
      retention: Record<string, string>;
      yourRights: Array<{ right: string }>;
      purposes: string[];
    };
    expect(processing.controller).toBe(a.tenant.name);
    expect(processing.recipients).toEqual(expect.arrayContaining([expect.objectContaining({ host: 'llm.example.com' })]));
    expect(processing.retention.chats).toBe('kept until deleted by the workspace or erased on request');
    expect(processing.yourRights.map((r) => r.right)).toEqual(
      expect.arrayContaining(['Rectification', 'Erasure', 'Restriction', 'Objection', 'Complaint']),
    );
    expect(processing.purposes.length).toBeGreaterThan(2);
  });

  it('writes a README.html that escapes hostile names and runs no script', () => {
    const html = strFromU8(files['README.html']!);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; plans');
    expect(html).toContain('<td>&lt;budget&gt;.txt</td>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).toContain(a.users.editor.email);
  });

  it('exports what names an e-mail address for someone who is not a user', async () => {
    const stranger = 'stranger@example.org';
    await withTenant({ tenantId: a.tenant.id }, (tx) =>
      writeAudit(tx, {
        tenantId: a.tenant.id,
        actorId: a.users.admin.id,
        actorType: 'user',
        actorLabel: a.users.admin.email,
        action: 'users.invite',
        status: 'success',
        payload: { email: stranger },
      }),
    );
    const request = await insertRequest(a, { subjectEmail: stranger });
    await drain();
    expect(await loadRequest(a, request.id)).toMatchObject({ status: 'completed' });
    const entries = await archiveOf(a, request.id);
    expect(Object.keys(entries).some((p) => p.startsWith('files/') || p === 'data/profile.json')).toBe(false);
    const audit = JSON.parse(strFromU8(entries['data/audit-events.json']!)) as Array<{ action: string; details: { email: string } }>;
    expect(audit).toEqual([expect.objectContaining({ action: 'users.invite', details: { email: stranger } })]);
    expect(allText(entries)).not.toContain(a.users.admin.email);
    expect(allText(entries)).not.toContain(OWN_NOTE);
  });

  it('puts a request back to approved with the reason when the export cannot be built', async () => {
    const request = await insertRequest(a, { type: 'erasure', subjectUserId: a.users.viewer.id });
    await drain();
    expect(await loadRequest(a, request.id)).toMatchObject({ status: 'approved', error: 'A erasure request has no export to build.' });
    expect(await lastAuditEntry(a, 'gdpr.request.failed')).toMatchObject({ resourceId: request.id, status: 'error' });
  });
});

describe('signed download links', () => {
  const claimsOf = (f: Fixture, role: 'admin' | 'editor' | 'viewer'): SessionClaims => asUser(f, role);
  const fetchAs = (claims: SessionClaims, url: string) =>
    downloadExport(new Request(`http://localhost${url}`), new URL(`http://localhost${url}`).pathname.split('/').pop()!, () =>
      resolvePrincipal(t.db, claims),
    );

  it('serves the archive to the subject who filed the request, as a no-store attachment, and audits it', async () => {
    const link = await callerFor(t.db, asUser(a, 'editor')).gdprExports.link({ requestId });
    expect(link.url).toMatch(new RegExp(`^/api/gdpr/exports/${requestId}\\?expires=\\d+&sig=\\d+\\.[\\w-]{43}$`));
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(LINK_TTL_SECONDS * 1000);
    const response = await fetchAs(claimsOf(a, 'editor'), link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="data-export-/);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(sha256Hex(body)).toBe((await loadRequest(a, requestId)).exportSha256);
    expect(await lastAuditEntry(a, 'gdpr.export.downloaded')).toMatchObject({
      actorId: a.users.editor.id,
      resourceId: requestId,
      status: 'success',
    });
  });

  it('lets a gdpr:manage holder fetch a link, and tells others the request does not exist', async () => {
    const adminLink = await callerFor(t.db, asUser(a, 'admin')).gdprExports.link({ requestId });
    expect((await fetchAs(claimsOf(a, 'admin'), adminLink.url)).status).toBe(200);
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).gdprExports.link({ requestId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(t.db, asUser(b, 'admin')).gdprExports.link({ requestId }))).toBe('NOT_FOUND');
  });

  it('refuses a link passed to another person or another tenant', async () => {
    const link = await callerFor(t.db, asUser(a, 'editor')).gdprExports.link({ requestId });
    const other = await fetchAs(claimsOf(a, 'admin'), link.url);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'This download link is not valid. Ask for a new one on the request’s page.' });
    expect((await fetchAs(claimsOf(b, 'admin'), link.url)).status).toBe(403);
    expect((await fetchAs(claimsOf(b, 'editor'), link.url)).status).toBe(403);
  });

  it('refuses a tampered link (403) and an expired one (410)', async () => {
    const link = await callerFor(t.db, asUser(a, 'editor')).gdprExports.link({ requestId });
    const url = new URL(`http://localhost${link.url}`);
    const expires = Number(url.searchParams.get('expires'));
    const sig = url.searchParams.get('sig')!;
    const at = (e: number, s: string, id = requestId) => `/api/gdpr/exports/${id}?expires=${e}&sig=${encodeURIComponent(s)}`;
    expect((await fetchAs(claimsOf(a, 'editor'), at(expires + 3600, sig))).status).toBe(403);
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    expect((await fetchAs(claimsOf(a, 'editor'), at(expires, flipped))).status).toBe(403);
    expect((await fetchAs(claimsOf(a, 'editor'), at(expires, ''))).status).toBe(403);
    const otherRequest = (await insertRequest(a, { subjectUserId: a.users.editor.id, channel: 'self' })).id;
    expect((await fetchAs(claimsOf(a, 'editor'), at(expires, sig, otherRequest))).status).toBe(403);

    const { signLink } = await import('./link');
    const past = Math.floor(Date.now() / 1000) - 1;
    const stale = signLink({ requestId, tenantId: a.tenant.id, expires: past, actor: { type: 'user', id: a.users.editor.id } });
    const expired = await fetchAs(claimsOf(a, 'editor'), at(past, stale));
    expect(expired.status).toBe(410);
    expect(await expired.json()).toEqual({
      error: 'This download link has expired (links work for 10 minutes). Ask for a new one on the request’s page.',
    });
  });

  it('gives no link before the export is ready, to its subject whoever filed it, and none to another member', async () => {
    const [pending] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .insert(gdprRequests)
        .values({
          tenantId: a.tenant.id,
          type: 'access',
          status: 'approved',
          subjectUserId: a.users.viewer.id,
          channel: 'self',
          dueAt: new Date(Date.now() + 86_400_000),
        })
        .returning(),
    );
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).gdprExports.link({ requestId: pending!.id }))).toBe('CONFLICT');
    await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .update(gdprRequests)
        .set({ channel: 'admin' })
        .where(and(eq(gdprRequests.tenantId, a.tenant.id), eq(gdprRequests.id, pending!.id))),
    );
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).gdprExports.link({ requestId: pending!.id }))).toBe('CONFLICT');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).gdprExports.link({ requestId: pending!.id }))).toBe('NOT_FOUND');
  });

  it('refuses a download without a session', async () => {
    const link = await callerFor(t.db, asUser(a, 'editor')).gdprExports.link({ requestId });
    const response = await downloadExport(new Request(`http://localhost${link.url}`), requestId, async () => null);
    expect(response.status).toBe(401);
    const downloads = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.tenantId, a.tenant.id), eq(auditLogs.action, 'gdpr.export.downloaded'))),
    );
    expect(downloads.every((d) => d.status === 'success')).toBe(true);
  });
});
