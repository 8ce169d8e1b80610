import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture, lastAuditEntry, type Fixture } from '@/test/fixtures';
import { createApiKey, createMemberApiKey, restClient, type ApiCall } from '@/test/rest';

/** /api/v1/collections through the real dispatcher, with keys made by the console's service. */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let api: ApiCall;
let keys: { writerA: string; readerA: string; usageOnlyA: string; writerB: string; viewerA: string };

type Collection = { id: string; name: string; visibility: string; createdAt: string; documentCount: number };
type Page<T> = { data: T[]; nextCursor: string | null };
type ErrorBody = { error: { code: string; message: string; details: unknown } };

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  api = restClient(t.db);
  keys = {
    writerA: await createApiKey(t.db, a, 'admin', ['documents:read', 'documents:write']),
    readerA: await createApiKey(t.db, a, 'admin', ['documents:read']),
    usageOnlyA: await createApiKey(t.db, a, 'admin', ['usage:read']),
    writerB: await createApiKey(t.db, b, 'admin', ['documents:read', 'documents:write']),
    viewerA: (await createMemberApiKey(t.db, a, ['documents:read'])).key,
  };
});
afterAll(async () => {
  await t?.stop();
});

describe('/api/v1/collections', () => {
  it('creates, reads, renames and deletes a collection, answering in the documented shapes', async () => {
    const created = await api<Collection>('POST', '/collections', { key: keys.writerA, json: { name: 'Handbooks', description: 'HR' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Handbooks', visibility: 'tenant', documentCount: 0, isDefault: false });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.headers.get('location')).toBe(`http://localhost/api/v1/collections/${created.body.id}`);
    expect(await lastAuditEntry(a, 'collection.create')).toMatchObject({ status: 'success', actorType: 'api_key' });

    const got = await api<Collection>('GET', `/collections/${created.body.id}`, { key: keys.readerA });
    expect(got).toMatchObject({ status: 200, body: { id: created.body.id, name: 'Handbooks' } });

    const renamed = await api<Collection>('PATCH', `/collections/${created.body.id}`, { key: keys.writerA, json: { name: 'Policies' } });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Policies', description: 'HR' } });

    const deleted = await api('DELETE', `/collections/${created.body.id}`, { key: keys.writerA });
    expect(deleted).toMatchObject({ status: 200, body: { id: created.body.id, deletedDocuments: 0 } });
    expect((await api('GET', `/collections/${created.body.id}`, { key: keys.readerA })).status).toBe(404);
  });

  it("answers another workspace's collection exactly like an unknown one (404), for reads and writes", async () => {
    const theirs = await api<Collection>('POST', '/collections', { key: keys.writerB, json: { name: 'Secret plans' } });
    const unknown = await api<ErrorBody>('GET', '/collections/00000000-0000-4000-8000-000000000000', { key: keys.readerA });
    const cross = await api<ErrorBody>('GET', `/collections/${theirs.body.id}`, { key: keys.readerA });
    expect(cross.status).toBe(404);
    expect(cross.body).toEqual(unknown.body);
    expect(cross.body.error).toEqual({ code: 'not_found', message: 'Collection was not found.', details: null });
    expect((await api('PATCH', `/collections/${theirs.body.id}`, { key: keys.writerA, json: { name: 'Mine now' } })).status).toBe(404);
    expect((await api('DELETE', `/collections/${theirs.body.id}`, { key: keys.writerA })).status).toBe(404);
    const list = await api<Page<Collection>>('GET', '/collections?limit=100', { key: keys.readerA });
    expect(list.body.data.map((c) => c.id)).not.toContain(theirs.body.id);
  });

  it('refuses a key without the scope (403 insufficient_scope, audited) and a missing or wrong key (401)', async () => {
    const refused = await api<ErrorBody>('POST', '/collections', { key: keys.readerA, json: { name: 'Nope' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'insufficient_scope', details: { requiredScope: 'documents:write' } });
    expect(refused.body.error.message).toContain('documents:write');
    expect(await lastAuditEntry(a, 'api.createCollection')).toMatchObject({
      status: 'denied',
      payload: { missingPermission: 'documents:write' },
    });
    expect((await api<ErrorBody>('GET', '/collections', { key: keys.usageOnlyA })).body.error.code).toBe('insufficient_scope');

    const none = await api<ErrorBody>('GET', '/collections');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await api('GET', '/collections', { key: 'ao_nope' })).status).toBe(401);
    expect((await api('GET', '/collections', { key: `${keys.readerA.slice(0, -4)}AAAA` })).status).toBe(401);
  });

  it('refuses a revoked key (401) with the reason', async () => {
    const key = await createApiKey(t.db, a, 'admin', ['documents:read']);
    const { callerFor, asUser } = await import('@/test/fixtures');
    const admin = callerFor(t.db, asUser(a, 'admin'));
    const listed = await admin.apiKeys.list({ includeRevoked: false, page: 1, pageSize: 100 });
    const row = listed.items.find((k) => key.startsWith(`ao_${k.prefix}_`))!;
    await admin.apiKeys.revoke({ id: row.id });
    const revoked = await api<ErrorBody>('GET', '/collections', { key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toMatchObject({ code: 'unauthorized', message: 'This API key has been revoked.' });
  });

  it('answers invalid input with 400 and each issue in details', async () => {
    const blank = await api<ErrorBody>('POST', '/collections', { key: keys.writerA, json: { name: '  ', visibility: 'public' } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.code).toBe('validation_failed');
    expect(blank.body.error.details).toEqual({
      issues: expect.arrayContaining([
        { path: 'body.name', message: 'Name is required.' },
        expect.objectContaining({ path: 'body.visibility' }),
      ]),
    });
    const malformed = await api<ErrorBody>('POST', '/collections', { key: keys.writerA, raw: '{"name": ' });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'invalid_json']);
    const notJson = await api<ErrorBody>('POST', '/collections', { key: keys.writerA, raw: 'name=x', contentType: 'text/plain' });
    expect([notJson.status, notJson.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const huge = await api<ErrorBody>('POST', '/collections', {
      key: keys.writerA,
      json: { name: 'Big', description: 'x'.repeat(1024 * 1024) },
    });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'payload_too_large']);
    const badId = await api<ErrorBody>('GET', '/collections/not-a-uuid', { key: keys.readerA });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details).toEqual({ issues: [{ path: 'path.id', message: 'Not a valid id (a UUID).' }] });
    const badLimit = await api<ErrorBody>('GET', '/collections?limit=500', { key: keys.readerA });
    expect(badLimit.body.error).toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'query.limit' }] } });
    const badCursor = await api<ErrorBody>('GET', '/collections?cursor=bm9wZQ', { key: keys.readerA });
    expect([badCursor.status, badCursor.body.error.code]).toEqual([400, 'invalid_cursor']);
    const duplicate = await api<ErrorBody>('POST', '/collections', { key: keys.writerA, json: { name: 'Twice' } });
    expect(duplicate.status).toBe(201);
    const again = await api<ErrorBody>('POST', '/collections', { key: keys.writerA, json: { name: 'Twice' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
  });

  it('pages by cursor: every collection once, newest first, stable while new ones are added', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `Paged ${i}`);
    for (const name of names) await api('POST', '/collections', { key: keys.writerA, json: { name } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: Page<Collection> } = await api<Page<Collection>>(
        'GET',
        `/collections?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        {
          key: keys.readerA,
        },
      );
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((c) => c.name));
      cursor = page.body.nextCursor;
      // Added while paging: newer than the cursor, so never on a later page.
      if (pages++ === 0) await api('POST', '/collections', { key: keys.writerA, json: { name: 'Added meanwhile' } });
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain('Added meanwhile');
    expect(seen.filter((n) => n.startsWith('Paged '))).toEqual([...names].reverse());
  });

  it('hides a restricted collection from a key whose creator was not granted it', async () => {
    const restricted = await api<Collection>('POST', '/collections', {
      key: keys.writerA,
      json: { name: 'Board only', visibility: 'restricted' },
    });
    expect(restricted.status).toBe(201);
    // An admin holds users:manage and sees everything; a member without a grant does not.
    expect((await api('GET', `/collections/${restricted.body.id}`, { key: keys.readerA })).status).toBe(200);
    expect((await api('GET', `/collections/${restricted.body.id}`, { key: keys.viewerA })).status).toBe(404);
    const list = await api<Page<Collection>>('GET', '/collections?limit=100', { key: keys.viewerA });
    expect(list.body.data.map((c) => c.id)).not.toContain(restricted.body.id);
  });

  it('answers unknown paths with 404 and known paths with another method with 405 and Allow', async () => {
    const unknown = await api<ErrorBody>('GET', '/nothing-here', { key: keys.readerA });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    const wrong = await api<ErrorBody>('PUT', '/collections', { key: keys.readerA });
    expect([wrong.status, wrong.body.error.code, wrong.headers.get('allow')]).toEqual([405, 'method_not_allowed', 'GET, POST']);
  });
});
