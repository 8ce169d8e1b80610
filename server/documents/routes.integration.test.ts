import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaRefusals, tenantQuotas, tenants } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, type Fixture } from '@/test/fixtures';
import { makeTextPdf } from '@/test/samples/generate';
import { handleDownload } from './download-request';
import { handlePreview } from './preview-request';
import { handleUpload } from './upload-request';

/**
 * The upload and download route handlers behind the tenant boundary (tenantRoute), called as
 * Next.js calls them, with API keys (the session cookie path needs Next's request context).
 */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let keys: { writerA: string; readerA: string; writerB: string };
let collectionA: string;
let collectionB: string;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  const key = async (f: Fixture, scopes: Array<'documents:read' | 'documents:write'>) =>
    (await callerFor(t.db, asUser(f, 'admin')).apiKeys.create({ name: `key ${scopes.join(' ')}`, scopes, expiresInDays: 30 })).key;
  keys = {
    writerA: await key(a, ['documents:read', 'documents:write']),
    readerA: await key(a, ['documents:read']),
    writerB: await key(b, ['documents:read', 'documents:write']),
  };
  collectionA = (await callerFor(t.db, asUser(a, 'admin')).collections.create({ name: 'Files', description: '', visibility: 'tenant' })).id;
  collectionB = (await callerFor(t.db, asUser(b, 'admin')).collections.create({ name: 'Files', description: '', visibility: 'tenant' })).id;
});
afterAll(async () => {
  await t?.stop();
});

function uploadRequest(key: string | null, fields: Record<string, string>, file: { name: string; text: string } | null) {
  const form = new FormData();
  if (file) form.set('file', new File([file.text], file.name, { type: 'text/plain' }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return new Request('http://localhost/api/documents/upload', {
    method: 'POST',
    body: form,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

const download = (key: string | null, id: string) =>
  handleDownload(new Request(`http://localhost/api/documents/${id}/file`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), id);

async function upload(key: string | null, text: string, fields: Record<string, string> = { collectionId: collectionA }, name = 'note.txt') {
  const response = await handleUpload(uploadRequest(key, fields, { name, text }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/documents/upload', () => {
  it('stores a file for a key holding documents:write, and refuses others with a sentence and a status', async () => {
    const created = await upload(keys.writerA, 'Quarterly goals for the Lisbon office.');
    expect(created).toMatchObject({ status: 201, body: { status: 'created' } });
    expect(await upload(null, 'x')).toEqual({ status: 401, body: { error: 'Sign in to continue.' } });
    expect(await upload('ao_nope_nope', 'x')).toMatchObject({ status: 401 });
    expect(await upload(keys.readerA, 'x')).toEqual({
      status: 403,
      body: { error: 'You need the “Manage documents” (documents:write) permission for this.' },
    });
    expect(await lastAuditEntry(a, 'document.upload')).toMatchObject({
      status: 'denied',
      payload: { missingPermission: 'documents:write' },
    });
    expect(await upload(keys.writerA, 'x', { collectionId: 'not-a-uuid' })).toEqual({
      status: 400,
      body: { error: 'Choose a collection.' },
    });
    const noFile = await handleUpload(uploadRequest(keys.writerA, { collectionId: collectionA }, null));
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toEqual({ error: 'No file was sent.' });
  });

  it('refuses a file whose name disagrees with its content (415), saying what the content is, and stores nothing', async () => {
    const list = () =>
      callerFor(t.db, asUser(a, 'admin')).documents.list({ search: 'mislabelled', sort: 'created', dir: 'desc', page: 1, pageSize: 50 });
    const before = (await list()).total;
    expect(await upload(keys.writerA, 'mislabelled: remember to water the plants', { collectionId: collectionA }, 'notes.exe')).toEqual({
      status: 415,
      body: {
        error:
          'This file is plain text, but its name ends in .exe, which means a Windows program (EXE). Rename it to end in .txt and upload it again.',
      },
    });
    expect(await lastAuditEntry(a, 'document.upload')).toMatchObject({ status: 'error', payload: { filename: 'notes.exe' } });
    expect((await list()).total).toBe(before);
    // The same words under a name that agrees are taken.
    expect(
      await upload(keys.writerA, 'mislabelled: remember to water the plants', { collectionId: collectionA }, 'notes.txt'),
    ).toMatchObject({
      status: 201,
    });
  });

  it("answers another tenant's collection as not found, and stores nothing there", async () => {
    expect(await upload(keys.writerA, 'Sneaky', { collectionId: collectionB })).toEqual({
      status: 404,
      body: { error: 'That collection was not found.' },
    });
    const listB = await callerFor(t.db, asUser(b, 'admin')).documents.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 50 });
    expect(listB.total).toBe(0);
  });

  /** Refusals of tenant A counted against `limit` (any day, user or key). */
  async function refusals(limit: string): Promise<number> {
    const rows = await t.db.select().from(quotaRefusals).where(eq(quotaRefusals.tenantId, a.tenant.id));
    return rows.filter((r) => r.limitName === limit).reduce((sum, r) => sum + r.refusals, 0);
  }

  it('audits a refused upload with the file it was about, and counts the refusal against the storage limit', async () => {
    const before = await refusals('storage_bytes');
    await t.db.update(tenantQuotas).set({ maxStorageBytes: 10 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    try {
      const refused = await upload(
        keys.writerA,
        'A file too large for what is left of the quota.',
        { collectionId: collectionA },
        'big.txt',
      );
      expect(refused.status).toBe(507);
      expect(refused.body.error).toMatch(/^Not enough storage left/);
      expect(await lastAuditEntry(a, 'document.upload')).toMatchObject({
        status: 'error',
        payload: { filename: 'big.txt', code: 'INSUFFICIENT_STORAGE' },
      });
      expect(await refusals('storage_bytes')).toBe(before + 1);
    } finally {
      await t.db.update(tenantQuotas).set({ maxStorageBytes: null }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    }
  });

  it('keeps the file of a document whose replacement was refused (files go only after the commit)', async () => {
    const text = `Replace me ${randomUUID()}`;
    const first = await upload(keys.writerA, text);
    const id = first.body.documentId as string;
    // No uploads left today: the replacement deletes the old row, then is refused and rolls back.
    await t.db.update(tenantQuotas).set({ maxIngestionsPerDay: 0 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    const before = await refusals('ingestions_per_day');
    try {
      const replaced = await upload(keys.writerA, text, { collectionId: collectionA, onDuplicate: 'replace' });
      expect(replaced.status).toBe(429);
      expect(replaced.body.error).toMatch(/you can upload again at 00:00 UTC \(in /);
      expect(await refusals('ingestions_per_day')).toBe(before + 1);
    } finally {
      await t.db.update(tenantQuotas).set({ maxIngestionsPerDay: null }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    }
    const file = await download(keys.readerA, id);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(text);
  });
});

describe('upload bodies', () => {
  const streamedUpload = (key: string, body: ReadableStream<Uint8Array>) =>
    handleUpload(
      new Request('http://localhost/api/documents/upload', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'multipart/form-data; boundary=----x' },
        body,
        duplex: 'half',
      } as RequestInit),
    );

  it('refuses a key without documents:write before reading a single byte of the body', async () => {
    let pulls = 0;
    // An endless body: reading it would never finish.
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      },
      { highWaterMark: 0 },
    );
    const response = await streamedUpload(keys.readerA, endless);
    expect(response.status).toBe(403);
    expect(pulls).toBe(0);
  });

  it('cuts off a body sent without Content-Length once it passes the workspace limit, storing nothing', async () => {
    await t.db
      .update(tenants)
      .set({ settings: { maxFileSizeBytes: 1024 } })
      .where(eq(tenants.id, a.tenant.id));
    try {
      let sent = 0;
      const large = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (sent >= 4 * 1024 * 1024) return controller.close();
            sent += 64 * 1024;
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
          },
        },
        { highWaterMark: 0 },
      );
      const before = (await callerFor(t.db, asUser(a, 'admin')).documents.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 5 }))
        .total;
      const response = await streamedUpload(keys.writerA, large);
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: "The file is larger than this workspace's limit of 1 KB." });
      // Reading stopped at the limit (64 KB of framing allowance plus one slice), not at 4 MB.
      expect(sent).toBeLessThan(256 * 1024);
      expect((await callerFor(t.db, asUser(a, 'admin')).documents.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 5 })).total).toBe(
        before,
      );
    } finally {
      await t.db.update(tenants).set({ settings: {} }).where(eq(tenants.id, a.tenant.id));
    }
  });
});

describe('GET /api/documents/:id/file', () => {
  it('serves the original as an attachment to its tenant, and nobody else learns it exists', async () => {
    const { body } = await upload(keys.writerA, 'Download me, <b>never</b> render me.', { collectionId: collectionA }, 'page.html.txt');
    const id = body.documentId as string;
    const ok = await download(keys.readerA, id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html.txt"/);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toBe('Download me, <b>never</b> render me.');
    const theirs = await download(keys.writerB, id);
    const unknown = await download(keys.writerB, '00000000-0000-4000-8000-000000000000');
    expect([theirs.status, await theirs.json()]).toEqual([404, { error: 'Document not found.' }]);
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'Document not found.' }]);
    expect((await download(keys.readerA, 'not-an-id')).status).toBe(404);
    expect((await download(null, id)).status).toBe(401);
  });

  it('serves an uploaded HTML page under a sandbox policy, so a browser that renders it runs none of its scripts as the console', async () => {
    const page = '<html><body><h1>Quarterly notes</h1><script>fetch("/api/trpc/users.list")</script></body></html>';
    const { body } = await upload(keys.writerA, page, { collectionId: collectionA }, 'notes.html');
    const ok = await download(keys.readerA, body.documentId as string);
    expect(ok.status).toBe(200);
    const policy = ok.headers.get('content-security-policy') ?? '';
    expect(policy.split(';').map((d) => d.trim())).toEqual(expect.arrayContaining(['sandbox', "default-src 'none'"]));
    expect(policy).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="notes.html"/);
    expect(await ok.text()).toBe(page);
  });
});

describe('GET /api/documents/:id/preview', () => {
  const preview = (key: string, id: string, page = '1') =>
    handlePreview(
      new Request(`http://localhost/api/documents/${id}/preview?page=${page}`, { headers: { authorization: `Bearer ${key}` } }),
      id,
    );

  it('renders a PDF page to a PNG for readers, inline and sandboxed; refuses what it cannot show', async () => {
    const form = new FormData();
    form.set('file', new File([Buffer.from(await makeTextPdf())], 'preview-price-list.pdf', { type: 'application/pdf' }));
    form.set('collectionId', collectionA);
    const created = await handleUpload(
      new Request('http://localhost/api/documents/upload', {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${keys.writerA}` },
      }),
    );
    const { documentId } = (await created.json()) as { documentId: string };

    const shown = await preview(keys.readerA, documentId, '2');
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(shown.headers.get('content-disposition')).toBe('inline');
    expect(shown.headers.get('content-security-policy')).toContain('sandbox');
    const png = new Uint8Array(await shown.arrayBuffer());
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    expect(await (await preview(keys.readerA, documentId, '9')).json()).toEqual({ error: 'This PDF has no page 9.' });
    expect((await preview(keys.readerA, documentId, 'two')).status).toBe(400);
    // Another workspace's key does not find it.
    expect((await preview(keys.writerB, documentId)).status).toBe(404);

    const text = await upload(keys.writerA, 'A note with no pictures in it.', { collectionId: collectionA }, 'preview-note.txt');
    const refused = await preview(keys.readerA, text.body.documentId as string);
    expect(refused.status).toBe(415);
    expect(await refused.json()).toEqual({ error: 'There is no preview for this type of file; download the original to see it.' });
  });
});
