import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantQuotas } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, type Fixture } from '@/test/fixtures';
import { createApiKey, createMemberApiKey, restClient, uploadForm, type ApiCall } from '@/test/rest';

/** /api/v1/usage and /api/v1/gdpr-requests through the real dispatcher. */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let api: ApiCall;
let keys: { adminA: string; memberA: string; docsOnlyA: string; adminB: string };

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> | null } };
type Quota = { limit: string; max: number | null; used: number | null; resetsAt: string | null };
type Usage = {
  range: { scope: string; days: number; from: string; to: string };
  totals: { ingestions: number };
  quotas: Quota[];
  days: unknown[];
};
type Gdpr = {
  id: string;
  type: string;
  status: string;
  subject: { userId: string | null; email: string | null };
  receivedAt: string;
  dueAt: string;
};
type Page<T> = { data: T[]; nextCursor: string | null };

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  api = restClient(t.db);
  keys = {
    adminA: await createApiKey(t.db, a, 'admin', ['usage:read', 'gdpr:manage', 'documents:write', 'documents:read', 'users:manage']),
    memberA: (await createMemberApiKey(t.db, a, ['usage:read'])).key,
    docsOnlyA: await createApiKey(t.db, a, 'admin', ['documents:read']),
    adminB: await createApiKey(t.db, b, 'admin', ['usage:read', 'gdpr:manage']),
  };
});
afterAll(async () => {
  await t?.stop();
});

describe('/api/v1/usage', () => {
  it("reports the key's workspace only, with each quota's limit and current use", async () => {
    const collection = (
      await callerFor(t.db, asUser(a, 'admin')).collections.create({ name: 'Usage', description: '', visibility: 'tenant' })
    ).id;
    await t.db.update(tenantQuotas).set({ maxIngestionsPerDay: 5 }).where(eq(tenantQuotas.tenantId, a.tenant.id));
    const uploaded = await api('POST', '/documents', {
      key: keys.adminA,
      form: uploadForm({ name: 'metered.txt', text: 'Counted once.' }, { collectionId: collection }),
    });
    expect(uploaded.status).toBe(202);

    const usage = await api<Usage>('GET', '/usage?preset=7d', { key: keys.adminA });
    expect(usage.status).toBe(200);
    expect(usage.body.range).toMatchObject({ scope: 'workspace', days: 7 });
    expect(usage.body.days).toHaveLength(7);
    expect(usage.body.totals.ingestions).toBe(1);
    expect(usage.body.quotas.find((q) => q.limit === 'ingestionsPerDay')).toMatchObject({ max: 5, used: 1, resetsAt: expect.any(String) });

    const other = await api<Usage>('GET', '/usage?preset=7d', { key: keys.adminB });
    expect(other.body.totals.ingestions).toBe(0);
    // Without users:manage (the key's or its creator's), a key sees its creator's own usage, as in the console.
    const own = await api<Usage>('GET', '/usage', { key: keys.memberA });
    expect(own.body.range).toMatchObject({ scope: 'own', days: 30 });
    expect(own.body.totals.ingestions).toBe(0);
    const adminOwn = await api<Usage>('GET', '/usage', { key: await createApiKey(t.db, a, 'admin', ['usage:read']) });
    expect([adminOwn.body.range.scope, adminOwn.body.totals.ingestions]).toEqual(['own', 1]);
  });

  it('refuses a bad range (400), a key without usage:read (403) and no key (401)', async () => {
    const custom = await api<ErrorBody>('GET', '/usage?preset=custom&from=2026-01-10', { key: keys.adminA });
    expect(custom.status).toBe(400);
    expect(custom.body.error.details).toEqual({ issues: [{ path: 'query.to', message: 'Choose both a start and an end date.' }] });
    const badDate = await api<ErrorBody>('GET', '/usage?preset=custom&from=yesterday&to=2026-01-10', { key: keys.adminA });
    expect(badDate.body.error.details).toEqual({ issues: [{ path: 'query.from', message: 'Dates are written YYYY-MM-DD.' }] });
    const refused = await api<ErrorBody>('GET', '/usage', { key: keys.docsOnlyA });
    expect([refused.status, refused.body.error.details]).toEqual([403, { requiredScope: 'usage:read' }]);
    expect((await api('GET', '/usage')).status).toBe(401);
  });
});

describe('/api/v1/gdpr-requests', () => {
  it('files a request with the console’s rules, audited, and reads its status back', async () => {
    const filed = await api<Gdpr>('POST', '/gdpr-requests', {
      key: keys.adminA,
      json: { type: 'access', subjectEmail: 'former.customer@example.com', notes: 'By letter.' },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      type: 'access',
      status: 'received',
      subject: { userId: null, email: 'former.customer@example.com' },
    });
    expect(Date.parse(filed.body.dueAt)).toBeGreaterThan(Date.parse(filed.body.receivedAt));
    expect(filed.headers.get('location')).toBe(`http://localhost/api/v1/gdpr-requests/${filed.body.id}`);
    expect(await lastAuditEntry(a, 'gdpr.request.create')).toMatchObject({ status: 'success', actorType: 'api_key' });

    // An address of a member is that member.
    const member = await api<Gdpr>('POST', '/gdpr-requests', {
      key: keys.adminA,
      json: { type: 'erasure', subjectEmail: a.users.viewer.email },
    });
    expect(member.body.subject).toEqual({ userId: a.users.viewer.id, email: a.users.viewer.email });

    const got = await api<Gdpr>('GET', `/gdpr-requests/${filed.body.id}`, { key: keys.adminA });
    expect(got).toMatchObject({ status: 200, body: { id: filed.body.id, status: 'received' } });
  });

  it('refuses what the console refuses: two subjects, a future date, an unknown user (400/404)', async () => {
    const both = await api<ErrorBody>('POST', '/gdpr-requests', {
      key: keys.adminA,
      json: { type: 'access', subjectEmail: 'x@example.com', subjectUserId: a.users.viewer.id },
    });
    expect(both.body.error).toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ path: 'body.subjectEmail', message: 'Choose the person: a user of the workspace, or an e-mail address.' }] },
    });
    const future = await api<ErrorBody>('POST', '/gdpr-requests', {
      key: keys.adminA,
      json: { type: 'access', subjectEmail: 'x@example.com', receivedAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect([future.status, future.body.error.code, future.body.error.message]).toEqual([
      400,
      'bad_request',
      'The date received cannot be in the future.',
    ]);
    const badDate = await api<ErrorBody>('POST', '/gdpr-requests', {
      key: keys.adminA,
      json: { type: 'access', subjectEmail: 'x@example.com', receivedAt: 'last week' },
    });
    expect(badDate.body.error.details).toEqual({ issues: [expect.objectContaining({ path: 'body.receivedAt' })] });
    const badType = await api<ErrorBody>('POST', '/gdpr-requests', {
      key: keys.adminA,
      json: { type: 'everything', subjectEmail: 'x@example.com' },
    });
    expect(badType.body.error.details).toEqual({ issues: [{ path: 'body.type', message: 'Choose the type of request.' }] });
    // A user of another workspace is not one of this one's.
    const foreign = await api<ErrorBody>('POST', '/gdpr-requests', {
      key: keys.adminA,
      json: { type: 'access', subjectUserId: b.users.viewer.id },
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'not_found']);
  });

  it("answers another workspace's request as not found, and refuses keys without gdpr:manage", async () => {
    const theirs = await api<Gdpr>('POST', '/gdpr-requests', {
      key: keys.adminB,
      json: { type: 'erasure', subjectEmail: 'b@example.com' },
    });
    const unknown = await api<ErrorBody>('GET', '/gdpr-requests/00000000-0000-4000-8000-000000000000', { key: keys.adminA });
    const cross = await api<ErrorBody>('GET', `/gdpr-requests/${theirs.body.id}`, { key: keys.adminA });
    expect([cross.status, cross.body]).toEqual([404, unknown.body]);
    const list = await api<Page<Gdpr>>('GET', '/gdpr-requests?limit=100', { key: keys.adminA });
    expect(list.body.data.map((r) => r.id)).not.toContain(theirs.body.id);
    const refused = await api<ErrorBody>('POST', '/gdpr-requests', {
      key: keys.docsOnlyA,
      json: { type: 'access', subjectEmail: 'x@example.com' },
    });
    expect([refused.status, refused.body.error.details]).toEqual([403, { requiredScope: 'gdpr:manage' }]);
    expect((await api('GET', `/gdpr-requests/${theirs.body.id}`)).status).toBe(401);
  });

  it('pages the list by cursor and filters by status', async () => {
    for (let i = 0; i < 4; i++)
      await api('POST', '/gdpr-requests', { key: keys.adminA, json: { type: 'portability', subjectEmail: `p${i}@example.com` } });
    const emails: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page<Gdpr> } = await api<Page<Gdpr>>(
        'GET',
        `/gdpr-requests?type=portability&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        {
          key: keys.adminA,
        },
      );
      emails.push(...page.body.data.map((r) => r.subject.email!));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(emails).toEqual(['p3@example.com', 'p2@example.com', 'p1@example.com', 'p0@example.com']);
    const open = await api<Page<Gdpr>>('GET', '/gdpr-requests?status=open&limit=100', { key: keys.adminA });
    expect(open.body.data.every((r) => r.status === 'received')).toBe(true);
    expect((await api('GET', '/gdpr-requests?status=closed', { key: keys.adminA })).status).toBe(400);
  });
});
