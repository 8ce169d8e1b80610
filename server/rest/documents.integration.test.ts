import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiIdempotencyKeys, apiKeys, tenantQuotas, tenants } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, type Fixture } from '@/test/fixtures';
import { createApiKey, createMemberApiKey, drainQueue, restClient, uploadForm, type ApiCall } from '@/test/rest';

/** /api/v1/documents through the real dispatcher: the console's upload path, RLS, idempotency and quotas. */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let api: ApiCall;
let keys: { writerA: string; readerA: string; memberA: string; writerB: string; usageOnlyA: string };
let generalA: string;

type Doc = {
  id: string;
  filename: string;
  status: string;
  restricted: boolean;
  tags: string[];
  collectionId: string;
  chunkCount: number;
  pageCount: number | null;
  failureReason: string | null;
  processing: { status: string; attempts: number } | null;
};
type Page<T> = { data: T[]; nextCursor: string | null };
type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> | null } };

const upload = (
  key: string,
  name: string,
  text: string,
  fields: Record<string, string | string[]> = {},
  headers: Record<string, string> = {},
) => api<Doc & ErrorBody>('POST', '/documents', { key, form: uploadForm({ name, text }, fields), headers });

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  api = restClient(t.db);
  keys = {
    writerA: await createApiKey(t.db, a, 'admin', ['documents:read', 'documents:write']),
    readerA: await createApiKey(t.db, a, 'admin', ['documents:read']),
    memberA: (await createMemberApiKey(t.db, a, ['documents:read', 'documents:write'])).key,
    writerB: await createApiKey(t.db, b, 'admin', ['documents:read', 'documents:write']),
    usageOnlyA: await createApiKey(t.db, a, 'admin', ['usage:read']),
  };
  const admin = callerFor(t.db, asUser(a, 'admin'));
  generalA = (await admin.collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  await admin.collections.setDefault({ id: generalA });
});
afterAll(async () => {
  await t?.stop();
});

describe('upload, wait, read', () => {
  it('uploads into the default collection (202 + Location), processes, and lists its chunks with pages', async () => {
    const text =
      '# Travel policy\n\nEmployees book economy class for flights under six hours.\n\nHotels up to 180 EUR per night are approved.';
    const created = await upload(keys.writerA, 'travel.md', text, { tags: ['Policy', 'travel'] });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      filename: 'travel.md',
      status: 'uploaded',
      collectionId: generalA,
      restricted: false,
      tags: ['policy', 'travel'],
    });
    expect(created.body.processing).toMatchObject({ status: 'pending', attempts: 0 });
    expect(created.headers.get('location')).toBe(`http://localhost/api/v1/documents/${created.body.id}`);
    expect(await lastAuditEntry(a, 'document.upload')).toMatchObject({ status: 'success', actorType: 'api_key' });

    await drainQueue(t.db);
    const done = await api<Doc>('GET', `/documents/${created.body.id}`, { key: keys.readerA });
    expect(done.body).toMatchObject({ status: 'completed', failureReason: null, processing: { status: 'completed' } });
    expect(done.body.chunkCount).toBeGreaterThan(0);

    const chunks = await api<Page<{ index: number; text: string; charStart: number }>>('GET', `/documents/${created.body.id}/chunks`, {
      key: keys.readerA,
    });
    expect(chunks.status).toBe(200);
    expect(chunks.body.data.map((c) => c.index)).toEqual([...Array(done.body.chunkCount).keys()].slice(0, 20));
    expect(chunks.body.data.map((c) => c.text).join(' ')).toContain('economy class');
  });

  it('pages the chunks of a long document in reading order', async () => {
    const sections = Array.from(
      { length: 12 },
      (_, i) => `# Section ${i}\n\n${`Paragraph ${i} explains rule number ${i} of the handbook in some detail. `.repeat(40)}`,
    );
    const doc = await upload(keys.writerA, 'handbook.md', sections.join('\n\n'));
    await drainQueue(t.db);
    const { body } = await api<Doc>('GET', `/documents/${doc.body.id}`, { key: keys.readerA });
    expect(body.chunkCount).toBeGreaterThan(4);
    const indexes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page<{ index: number }> } = await api<Page<{ index: number }>>(
        'GET',
        `/documents/${doc.body.id}/chunks?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { key: keys.readerA },
      );
      indexes.push(...page.body.data.map((c) => c.index));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(indexes).toEqual([...Array(body.chunkCount).keys()]);
  });

  it('shows a failed document with the reason', async () => {
    const broken = await api<Doc>('POST', '/documents', {
      key: keys.writerA,
      form: uploadForm({
        name: 'broken.pdf',
        text: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01]),
        type: 'application/pdf',
      }),
    });
    expect(broken.status).toBe(202);
    await drainQueue(t.db);
    const failed = await api<Doc>('GET', `/documents/${broken.body.id}`, { key: keys.readerA });
    expect(failed.body.status).toBe('failed');
    expect(failed.body.failureReason).toEqual(expect.any(String));
  });

  it('filters and pages the list by cursor, stable while documents are added', async () => {
    const collection = (
      await callerFor(t.db, asUser(a, 'admin')).collections.create({ name: 'Paging', description: '', visibility: 'tenant' })
    ).id;
    for (let i = 0; i < 5; i++) await upload(keys.writerA, `page-${i}.txt`, `Paging document number ${i}.`, { collectionId: collection });
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: Page<Doc> } = await api<Page<Doc>>(
        'GET',
        `/documents?collectionId=${collection}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { key: keys.readerA },
      );
      expect(page.status).toBe(200);
      names.push(...page.body.data.map((d) => d.filename));
      cursor = page.body.nextCursor;
      if (pages++ === 0) await upload(keys.writerA, 'late.txt', 'Added while paging.', { collectionId: collection });
    } while (cursor);
    expect(pages).toBe(3);
    expect(names).toEqual(['page-4.txt', 'page-3.txt', 'page-2.txt', 'page-1.txt', 'page-0.txt']);
    const uploaded = await api<Page<Doc>>('GET', `/documents?collectionId=${collection}&status=uploaded&q=late`, { key: keys.readerA });
    expect(uploaded.body.data.map((d) => d.filename)).toEqual(['late.txt']);
    const bad = await api<ErrorBody>('GET', '/documents?status=done&collectionId=x', { key: keys.readerA });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: 'query.status' }),
        { path: 'query.collectionId', message: 'Not a valid collection id.' },
      ]),
    });
  });

  it('renames, tags and moves a document, and reprocesses it', async () => {
    const doc = await upload(keys.writerA, 'draft.txt', 'A draft to rename.');
    const target = (await callerFor(t.db, asUser(a, 'admin')).collections.create({ name: 'Final', description: '', visibility: 'tenant' }))
      .id;
    const updated = await api<Doc>('PATCH', `/documents/${doc.body.id}`, {
      key: keys.writerA,
      json: { filename: 'final.txt', tags: ['Final', 'final', 'q3'], collectionId: target },
    });
    expect(updated).toMatchObject({ status: 200, body: { filename: 'final.txt', tags: ['final', 'q3'], collectionId: target } });
    const wrongEnding = await api<ErrorBody>('PATCH', `/documents/${doc.body.id}`, { key: keys.writerA, json: { filename: 'final.pdf' } });
    expect([wrongEnding.status, wrongEnding.body.error.code]).toEqual([400, 'bad_request']);
    const nothing = await api<ErrorBody>('PATCH', `/documents/${doc.body.id}`, { key: keys.writerA, json: {} });
    expect(nothing.body.error).toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ path: 'body', message: 'Nothing to change: give a new name, a collection or tags.' }] },
    });

    await drainQueue(t.db);
    const again = await api<Doc>('POST', `/documents/${doc.body.id}/reprocess`, { key: keys.writerA });
    expect(again).toMatchObject({ status: 202, body: { status: 'uploaded', processing: { status: 'pending' } } });
    const busy = await api<ErrorBody>('POST', `/documents/${doc.body.id}/reprocess`, { key: keys.writerA });
    expect([busy.status, busy.body.error.message]).toEqual([400, 'This document is already being processed.']);
    await drainQueue(t.db);
    expect((await api<Doc>('GET', `/documents/${doc.body.id}`, { key: keys.readerA })).body.status).toBe('completed');
  });

  it('deletes a document (204), after which it is not found', async () => {
    const doc = await upload(keys.writerA, 'delete-me.txt', 'Short-lived.');
    expect((await api('DELETE', `/documents/${doc.body.id}`, { key: keys.readerA })).status).toBe(403);
    const deleted = await api('DELETE', `/documents/${doc.body.id}`, { key: keys.writerA });
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    expect((await api('GET', `/documents/${doc.body.id}`, { key: keys.readerA })).status).toBe(404);
    expect((await api('DELETE', `/documents/${doc.body.id}`, { key: keys.writerA })).status).toBe(404);
  });
});

describe('tenancy, visibility and scopes', () => {
  it("answers another workspace's document exactly like an unknown one (404) on every operation", async () => {
    const theirs = await api<Doc>('POST', '/documents', {
      key: keys.writerB,
      form: uploadForm(
        { name: 'b.txt', text: 'Workspace B only.' },
        {
          collectionId: (await callerFor(t.db, asUser(b, 'admin')).collections.create({ name: 'B', description: '', visibility: 'tenant' }))
            .id,
        },
      ),
    });
    expect(theirs.status).toBe(202);
    const unknown = await api<ErrorBody>('GET', '/documents/00000000-0000-4000-8000-000000000000', { key: keys.readerA });
    for (const [method, path] of [
      ['GET', `/documents/${theirs.body.id}`],
      ['GET', `/documents/${theirs.body.id}/chunks`],
      ['DELETE', `/documents/${theirs.body.id}`],
      ['PATCH', `/documents/${theirs.body.id}`],
      ['POST', `/documents/${theirs.body.id}/reprocess`],
    ] as const) {
      const response = await api<ErrorBody>(method, path, { key: keys.writerA, ...(method === 'PATCH' ? { json: { tags: [] } } : {}) });
      expect([method, path, response.status, response.body]).toEqual([method, path, 404, unknown.body]);
    }
    const intoTheirs = await upload(keys.writerA, 'sneaky.txt', 'x', { collectionId: theirs.body.collectionId });
    expect([intoTheirs.status, intoTheirs.body.error.code]).toEqual([404, 'not_found']);
    const list = await api<Page<Doc>>('GET', '/documents?limit=100', { key: keys.readerA });
    expect(list.body.data.map((d) => d.id)).not.toContain(theirs.body.id);
  });

  it('never shows a restricted document to a key whose creator may not open it (RLS)', async () => {
    const secret = await upload(keys.writerA, 'salaries.txt', 'Restricted salary bands for the board.', { restricted: 'true' });
    expect(secret.body.restricted).toBe(true);
    await drainQueue(t.db);
    expect((await api('GET', `/documents/${secret.body.id}`, { key: keys.readerA })).status).toBe(200);
    for (const path of [`/documents/${secret.body.id}`, `/documents/${secret.body.id}/chunks`]) {
      expect((await api('GET', path, { key: keys.memberA })).status).toBe(404);
    }
    expect((await api('DELETE', `/documents/${secret.body.id}`, { key: keys.memberA })).status).toBe(404);
    const listed = await api<Page<Doc>>('GET', '/documents?limit=100&q=salary', { key: keys.memberA });
    expect(listed.body.data).toEqual([]);
    const own = await upload(keys.memberA, 'member-notes.txt', 'The member’s own restricted note.', { restricted: 'true' });
    expect((await api('GET', `/documents/${own.body.id}`, { key: keys.memberA })).status).toBe(200);
  });

  it('refuses without the scope (403) or a key (401), before reading the upload', async () => {
    const refused = await upload(keys.readerA, 'x.txt', 'x');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'insufficient_scope', details: { requiredScope: 'documents:write' } });
    expect(await lastAuditEntry(a, 'document.upload')).toMatchObject({
      status: 'denied',
      payload: { missingPermission: 'documents:write' },
    });
    expect((await api<ErrorBody>('GET', '/documents', { key: keys.usageOnlyA })).body.error.code).toBe('insufficient_scope');
    expect((await api('GET', '/documents')).status).toBe(401);
    expect((await api('POST', '/documents', { form: uploadForm({ name: 'x.txt', text: 'x' }) })).status).toBe(401);
  });
});

describe('upload refusals', () => {
  it('answers bad forms with 400/415 and a sentence', async () => {
    const noFile = new FormData();
    noFile.set('collectionId', generalA);
    const missing = await api<ErrorBody>('POST', '/documents', { key: keys.writerA, form: noFile });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ path: 'form.file', message: 'Send the file in the form field `file`.' }] },
    });
    const badTag = await upload(keys.writerA, 'x.txt', 'x', { tags: 'ok,<script>' });
    expect(badTag.body.error.details).toEqual({ issues: [expect.objectContaining({ path: 'form.tags.1' })] });
    const json = await api<ErrorBody>('POST', '/documents', { key: keys.writerA, json: { file: 'x' } });
    expect([json.status, json.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const exe = await upload(keys.writerA, 'notes.exe', 'plain words');
    expect([exe.status, exe.body.error.code]).toEqual([415, 'unsupported_media_type']);
    expect(exe.body.error.message).toContain('Rename it to end in .txt');
  });

  it('answers a duplicate with 409 duplicate_document naming the existing one; skip returns it', async () => {
    const first = await upload(keys.writerA, 'dup.txt', 'The same bytes twice.');
    const again = await upload(keys.writerA, 'dup-again.txt', 'The same bytes twice.');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'duplicate_document',
      details: { existing: { id: first.body.id, filename: 'dup.txt' } },
    });
    const skipped = await upload(keys.writerA, 'dup-again.txt', 'The same bytes twice.', { onDuplicate: 'skip' });
    expect([skipped.status, skipped.body.id]).toEqual([200, first.body.id]);
  });

  it('applies the file size limit (413), the storage quota (507) and the uploads per day (429 + Retry-After)', async () => {
    await t.db
      .update(tenants)
      .set({ settings: { maxFileSizeBytes: 1024 } })
      .where(eq(tenants.id, a.tenant.id));
    try {
      const big = await upload(keys.writerA, 'big.txt', 'a'.repeat(2048));
      expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
      const huge = await upload(keys.writerA, 'huge.txt', 'a'.repeat(200 * 1024));
      expect([huge.status, huge.body.error.message]).toEqual([413, "The file is larger than this workspace's limit of 1 KB."]);
    } finally {
      await t.db.update(tenants).set({ settings: {} }).where(eq(tenants.id, a.tenant.id));
    }
    await t.db.update(tenantQuotas).set({ maxStorageBytes: 10 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    try {
      const full = await upload(keys.writerA, 'full.txt', 'More than ten bytes of text.');
      expect([full.status, full.body.error.code, full.body.error.details]).toEqual([
        507,
        'storage_quota_exceeded',
        { limit: 'storage_bytes' },
      ]);
    } finally {
      await t.db.update(tenantQuotas).set({ maxStorageBytes: null }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    }
    await t.db.update(tenantQuotas).set({ maxIngestionsPerDay: 0 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    try {
      const none = await upload(keys.writerA, 'none.txt', 'No uploads left today.');
      expect([none.status, none.body.error.code]).toEqual([429, 'quota_exceeded']);
      expect(Number(none.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await t.db.update(tenantQuotas).set({ maxIngestionsPerDay: null }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    }
  });

  it('applies the workspace request rate limit to keys (429 rate_limited + Retry-After)', async () => {
    const c = await createTenantFixture(t.db);
    const key = await createApiKey(t.db, c, 'admin', ['documents:read']);
    // A key may use half of the workspace's requests per minute: one of two.
    await t.db.update(tenantQuotas).set({ maxRequestsPerMinute: 2 }).where(eq(tenantQuotas.tenantId, c.tenant.id));
    expect((await api('GET', '/documents', { key })).status).toBe(200);
    const limited = await api<ErrorBody>('GET', '/documents', { key });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('Idempotency-Key on uploads', () => {
  it('replays the first response for the same key and request, and stores the document once', async () => {
    const headers = { 'idempotency-key': 'upload-once-1' };
    const first = await upload(keys.writerA, 'once.txt', 'Uploaded exactly once.', { tags: 'a,b' }, headers);
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await upload(keys.writerA, 'once.txt', 'Uploaded exactly once.', { tags: 'a,b' }, headers);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.body).toEqual(first.body);
    const listed = await api<Page<Doc>>('GET', '/documents?limit=100&q=once', { key: keys.readerA });
    expect(listed.body.data.filter((d) => d.filename === 'once.txt')).toHaveLength(1);
    // Keys belong to the API key: another key's identical key is its own.
    const other = await upload(keys.memberA, 'once-member.txt', 'Another key, same idempotency key.', {}, headers);
    expect([other.status, other.headers.get('idempotent-replayed')]).toEqual([202, null]);
  });

  it('refuses the same key with a different request (422) and a malformed key (400)', async () => {
    const headers = { 'idempotency-key': 'upload-reuse-1' };
    expect((await upload(keys.writerA, 'first.txt', 'First content.', {}, headers)).status).toBe(202);
    const other = await upload(keys.writerA, 'first.txt', 'Different content.', {}, headers);
    expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused']);
    const blank = await upload(keys.writerA, 'x.txt', 'x', {}, { 'idempotency-key': '   ' });
    expect([blank.status, blank.body.error.code]).toEqual([400, 'invalid_idempotency_key']);
  });

  it('answers 409 while the first request with the key is in progress, and lets a failed one be retried', async () => {
    const [key] = await t.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.prefix, keys.writerA.slice(3, 13)));
    await t.db.insert(apiIdempotencyKeys).values({
      tenantId: a.tenant.id,
      apiKeyId: key!.id,
      key: 'in-flight-1',
      method: 'POST',
      path: '/api/v1/documents',
      requestHash: 'still running',
    });
    const busy = await upload(keys.writerA, 'busy.txt', 'Busy.', {}, { 'idempotency-key': 'in-flight-1' });
    expect([busy.status, busy.body.error.code, busy.headers.get('retry-after')]).toEqual([409, 'idempotency_in_progress', '1']);

    // A refusal changed nothing: the key is released, and the corrected request goes through.
    const headers = { 'idempotency-key': 'retry-after-fix' };
    expect((await upload(keys.writerA, 'fix.exe', 'Fixable.', {}, headers)).status).toBe(415);
    expect((await upload(keys.writerA, 'fix.txt', 'Fixable.', {}, headers)).status).toBe(202);
  });

  it('lets one of two concurrent requests with the same key do the work', async () => {
    const headers = { 'idempotency-key': 'race-1' };
    const [x, y] = await Promise.all([
      upload(keys.writerA, 'race.txt', 'Two at once.', {}, headers),
      upload(keys.writerA, 'race.txt', 'Two at once.', {}, headers),
    ]);
    const statuses = [x.status, y.status].sort();
    expect([
      [202, 202],
      [202, 409],
    ]).toContainEqual(statuses);
    const listed = await api<Page<Doc>>('GET', '/documents?limit=100&q=race', { key: keys.readerA });
    expect(listed.body.data.filter((d) => d.filename === 'race.txt')).toHaveLength(1);
  });
});
