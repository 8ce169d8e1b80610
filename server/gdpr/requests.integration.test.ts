import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, gdprRequests, mailOutbox, processingJobs } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { dueDateFor } from '@/lib/gdpr-dates';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { apiKeyCaller, asUser, callerFor, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});

afterAll(async () => {
  await t?.stop();
});

const admin = (f: Fixture = a) => callerFor(t.db, asUser(f, 'admin'));
const viewer = (f: Fixture = a) => callerFor(t.db, asUser(f, 'viewer'));

/** The actions of the audit entries about one request, oldest first. */
async function auditTrail(f: Fixture, requestId: string) {
  const rows = await withTenant({ tenantId: f.tenant.id }, (tx) =>
    tx
      .select({ action: auditLogs.action, payload: auditLogs.payload, actorId: auditLogs.actorId })
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.resourceId, requestId)))
      .orderBy(auditLogs.seq),
  );
  return rows;
}

/** The code in the newest verification e-mail to `to` (the outbox is read as the platform). */
async function lastCode(to: string): Promise<string> {
  const [mail] = await t.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.recipient, to), eq(mailOutbox.kind, 'gdpr_verification')))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  const code = mail?.textBody.match(/: (\d{6})\n/)?.[1];
  expect(code, 'a 6-digit code was e-mailed').toBeDefined();
  return code!;
}

describe('a request filed by an admin', () => {
  it('is due one calendar month after it was received, and its filing is audited', async () => {
    const receivedAt = new Date(Date.now() - 3 * 86_400_000);
    const request = await admin().gdpr.create({ type: 'access', subjectUserId: a.users.viewer.id, receivedAt });
    expect(request).toMatchObject({
      status: 'received',
      channel: 'admin',
      subject: { userId: a.users.viewer.id, email: a.users.viewer.email },
      filedByEmail: a.users.admin.email,
      receivedAt,
      dueAt: dueDateFor(receivedAt),
      extendedDueAt: null,
      urgency: 'on_time',
    });
    expect(await auditTrail(a, request.id)).toEqual([
      expect.objectContaining({ action: 'gdpr.request.create', actorId: a.users.admin.id }),
    ]);
  });

  it('names its subject by e-mail: a user’s address is that user, any other stays an address', async () => {
    const byUserEmail = await admin().gdpr.create({ type: 'erasure', subjectEmail: a.users.editor.email.toUpperCase() });
    expect(byUserEmail.subject).toMatchObject({ userId: a.users.editor.id, email: a.users.editor.email });
    const outsider = await admin().gdpr.create({ type: 'access', subjectEmail: 'former-customer@example.org' });
    expect(outsider.subject).toEqual({ userId: null, email: 'former-customer@example.org', name: null, pseudonym: null });
  });

  it('refuses a subject missing or doubled, a date ahead or too far back, and an unknown user', async () => {
    // Made one at a time: a rejection nobody awaits yet would be reported as unhandled.
    // Each call starts only when awaited: a rejection nobody awaits yet is reported as unhandled.
    const calls = [
      () => admin().gdpr.create({ type: 'access' }),
      () => admin().gdpr.create({ type: 'access', subjectUserId: a.users.viewer.id, subjectEmail: 'x@example.org' }),
      () => admin().gdpr.create({ type: 'access', subjectEmail: 'x@example.org', receivedAt: new Date(Date.now() + 86_400_000) }),
      () => admin().gdpr.create({ type: 'access', subjectEmail: 'x@example.org', receivedAt: new Date(Date.now() - 40 * 86_400_000) }),
      () => admin().gdpr.create({ type: 'access', subjectEmail: 'not an address' }),
      // @ts-expect-error: an unknown type is refused at the boundary
      () => admin().gdpr.create({ type: 'delete-everything', subjectEmail: 'x@example.org' }),
    ];
    for (const call of calls) expect(await trpcCode(call())).toBe('BAD_REQUEST');
    expect(await trpcCode(admin().gdpr.create({ type: 'access', subjectUserId: b.users.viewer.id }))).toBe('NOT_FOUND');
  });
});

describe('the workflow', () => {
  it('needs a verified identity before approval; a code e-mailed to the subject verifies it; approval queues the export', async () => {
    const request = await admin().gdpr.create({ type: 'access', subjectUserId: a.users.viewer.id });
    expect(await trpcCode(admin().gdpr.approve({ id: request.id }))).toBe('CONFLICT');
    expect(await trpcCode(admin().gdpr.verifyCode({ id: request.id, code: '123456' }))).toBe('BAD_REQUEST');

    const sent = await admin().gdpr.sendCode({ id: request.id });
    expect(sent.to).toBe(a.users.viewer.email);
    const code = await lastCode(a.users.viewer.email);
    const wrong = code === '000000' ? '000001' : '000000';
    expect(await admin().gdpr.verifyCode({ id: request.id, code: wrong })).toEqual({
      verified: false,
      message: 'That code is not right; 4 tries left.',
    });
    // The stored code is a hash, never the code.
    const [stored] = await t.db.select().from(gdprRequests).where(eq(gdprRequests.id, request.id));
    expect(stored!.verificationCodeHash).not.toContain(code);
    expect(await admin().gdpr.verifyCode({ id: request.id, code })).toEqual({ verified: true, message: 'Identity verified.' });

    const approved = await admin().gdpr.approve({ id: request.id });
    expect(approved).toMatchObject({ status: 'processing', verificationMethod: 'email_code', decidedByEmail: a.users.admin.email });
    const jobs = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx.select().from(processingJobs).where(eq(processingJobs.tenantId, a.tenant.id)),
    );
    expect(jobs.filter((j) => j.jobType === 'gdpr_export' && j.payload.requestId === request.id)).toHaveLength(1);
    expect((await auditTrail(a, request.id)).map((e) => e.action)).toEqual([
      'gdpr.request.create',
      'gdpr.request.send_code',
      'gdpr.request.verify',
      'gdpr.request.verify',
      'gdpr.request.approve',
    ]);
    // Moving on from processing by hand is refused.
    expect(await trpcCode(admin().gdpr.reject({ id: request.id, reason: 'Too late now' }))).toBe('CONFLICT');
  });

  it('spends a code after five wrong tries, and a new code replaces it', async () => {
    const request = await admin().gdpr.create({ type: 'portability', subjectEmail: 'spent-code@example.org' });
    await admin().gdpr.sendCode({ id: request.id });
    const first = await lastCode('spent-code@example.org');
    const wrong = first === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) await admin().gdpr.verifyCode({ id: request.id, code: wrong });
    expect(await trpcCode(admin().gdpr.verifyCode({ id: request.id, code: first }))).toBe('BAD_REQUEST');
    await admin().gdpr.sendCode({ id: request.id });
    const second = await lastCode('spent-code@example.org');
    expect((await admin().gdpr.verifyCode({ id: request.id, code: second })).verified).toBe(true);
  });

  it('asks what becomes of shared uploads before approving an erasure, and never lets an admin approve their own', async () => {
    const request = await admin().gdpr.create({ type: 'erasure', subjectUserId: a.users.editor.id });
    await viewerLikeConfirm(a, 'editor', request.id);
    expect(await trpcCode(admin().gdpr.approve({ id: request.id }))).toBe('BAD_REQUEST');
    const approved = await admin().gdpr.approve({ id: request.id, sharedDocuments: 'keep' });
    expect(approved).toMatchObject({ status: 'processing', sharedDocuments: 'keep' });

    const own = await admin().gdpr.create({ type: 'erasure', subjectUserId: a.users.admin.id });
    await viewerLikeConfirm(a, 'admin', own.id);
    expect(await trpcCode(admin().gdpr.approve({ id: own.id, sharedDocuments: 'delete' }))).toBe('BAD_REQUEST');
  });

  it('does not erase a person under a legal hold, nor one whose upload is held, until the hold is released', async () => {
    const f = await createTenantFixture(t.db);
    const caller = admin(f);
    const request = await caller.gdpr.create({ type: 'erasure', subjectUserId: f.users.viewer.id });
    await viewerLikeConfirm(f, 'viewer', request.id);
    const hold = await caller.legalHolds.create({ targetType: 'user', target: f.users.viewer.email, reason: 'Pending litigation' });
    const refused = await caller.gdpr.approve({ id: request.id, sharedDocuments: 'delete' }).catch((e: Error) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/under a legal hold/) });
    expect((await caller.gdpr.get({ id: request.id })).status).toBe('identity_verified');
    await caller.legalHolds.release({ id: hold.id });
    expect((await caller.gdpr.approve({ id: request.id, sharedDocuments: 'delete' })).status).toBe('processing');
  });

  it('rejects with a reason only, and a rejected request stays closed', async () => {
    const request = await admin().gdpr.create({ type: 'rectification', subjectEmail: 'reject-me@example.org' });
    expect(await trpcCode(admin().gdpr.reject({ id: request.id, reason: '' }))).toBe('BAD_REQUEST');
    const rejected = await admin().gdpr.reject({ id: request.id, reason: 'The person could not be identified.' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'The person could not be identified.', urgency: 'closed' });
    expect(await trpcCode(admin().gdpr.sendCode({ id: request.id }))).toBe('CONFLICT');
    expect(await trpcCode(admin().gdpr.cancel({ id: request.id }))).toBe('CONFLICT');
  });

  it('extends once, by one or two months, with a reason, before the original due date', async () => {
    const receivedAt = new Date('2026-01-31T10:00:00Z');
    const [row] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .insert(gdprRequests)
        .values({
          tenantId: a.tenant.id,
          type: 'access',
          subjectEmail: 'extend@example.org',
          receivedAt,
          dueAt: new Date(Date.now() + 5 * 86_400_000),
        })
        .returning(),
    );
    expect(await trpcCode(admin().gdpr.extend({ id: row!.id, months: 2, reason: '' }))).toBe('BAD_REQUEST');
    // @ts-expect-error: three months is more than the law allows
    expect(await trpcCode(admin().gdpr.extend({ id: row!.id, months: 3, reason: 'Many requests at once' }))).toBe('BAD_REQUEST');
    const extended = await admin().gdpr.extend({ id: row!.id, months: 2, reason: 'Many requests received at once' });
    expect(extended.extendedDueAt!.getTime()).toBeGreaterThan(extended.dueAt.getTime());
    expect(extended.effectiveDueAt).toEqual(extended.extendedDueAt);
    expect(await trpcCode(admin().gdpr.extend({ id: row!.id, months: 1, reason: 'Again' }))).toBe('BAD_REQUEST');

    const [late] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .insert(gdprRequests)
        .values({
          tenantId: a.tenant.id,
          type: 'access',
          subjectEmail: 'late@example.org',
          receivedAt,
          dueAt: new Date(Date.now() - 86_400_000),
        })
        .returning(),
    );
    expect(await trpcCode(admin().gdpr.extend({ id: late!.id, months: 1, reason: 'Forgot about it' }))).toBe('BAD_REQUEST');
  });

  it('completes rectification by hand with a note; requests with background work refuse that', async () => {
    const request = await admin().gdpr.create({ type: 'rectification', subjectUserId: a.users.viewer.id });
    await viewerLikeConfirm(a, 'viewer', request.id);
    expect((await admin().gdpr.approve({ id: request.id })).status).toBe('approved');
    const done = await admin().gdpr.complete({ id: request.id, notes: 'Corrected the spelling of their name.' });
    expect(done).toMatchObject({ status: 'completed', notes: 'Corrected the spelling of their name.' });
    expect(done.completedAt).not.toBeNull();

    const access = await admin().gdpr.create({ type: 'access', subjectEmail: 'complete@example.org' });
    expect(await trpcCode(admin().gdpr.complete({ id: access.id, notes: 'Sent by post.' }))).toBe('CONFLICT');
  });
});

/** The subject of an admin-filed request confirms it while signed in. */
async function viewerLikeConfirm(f: Fixture, role: 'admin' | 'editor' | 'viewer', id: string) {
  const confirmed = await callerFor(t.db, asUser(f, role)).gdpr.confirmOwn({ id });
  expect(confirmed).toMatchObject({ status: 'identity_verified', verificationMethod: 'signed_in' });
}

describe('a member’s own requests', () => {
  it('files an access request verified by being signed in, once at a time, and follows it', async () => {
    const f = await createTenantFixture(t.db);
    const viewer = () => callerFor(t.db, asUser(f, 'viewer'));
    const own = await viewer().gdpr.fileOwn({ type: 'access' });
    expect(own).toMatchObject({
      status: 'identity_verified',
      channel: 'self',
      verificationMethod: 'signed_in',
      subject: { userId: f.users.viewer.id },
    });
    expect(await trpcCode(viewer().gdpr.fileOwn({ type: 'access' }))).toBe('CONFLICT');
    // @ts-expect-error: rectification goes through an admin
    expect(await trpcCode(viewer().gdpr.fileOwn({ type: 'rectification' }))).toBe('BAD_REQUEST');
    const mine = await viewer().gdpr.listOwn();
    expect(mine.map((r) => r.id)).toContain(own.id);
    expect(mine.every((r) => r.subject.userId === f.users.viewer.id)).toBe(true);
    const cancelled = await viewer().gdpr.cancelOwn({ id: own.id });
    expect(cancelled.status).toBe('cancelled');
  });

  it('cannot see, confirm or cancel anyone else’s request, nor use the admins’ procedures', async () => {
    const aboutEditor = await admin().gdpr.create({ type: 'access', subjectUserId: a.users.editor.id });
    expect(await trpcCode(viewer().gdpr.confirmOwn({ id: aboutEditor.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(viewer().gdpr.cancelOwn({ id: aboutEditor.id }))).toBe('NOT_FOUND');
    expect((await viewer().gdpr.listOwn()).map((r) => r.id)).not.toContain(aboutEditor.id);
    expect(await trpcCode(viewer().gdpr.list({}))).toBe('FORBIDDEN');
    expect(await trpcCode(viewer().gdpr.get({ id: aboutEditor.id }))).toBe('FORBIDDEN');
  });

  it('is not for API keys, even with gdpr:manage', async () => {
    const { key } = await admin().apiKeys.create({ name: 'gdpr bot', scopes: ['gdpr:manage'], expiresInDays: 30 });
    expect(await trpcCode(apiKeyCaller(t.db, key).gdpr.fileOwn({ type: 'erasure' }))).toBe('FORBIDDEN');
    expect(await trpcCode(apiKeyCaller(t.db, key).gdpr.listOwn())).toBe('FORBIDDEN');
  });
});

describe('the list', () => {
  it('pages, filters by state, type and due date, searches, and counts what is due', async () => {
    const f = await createTenantFixture(t.db);
    const insert = (values: Partial<typeof gdprRequests.$inferInsert>) =>
      withTenant({ tenantId: f.tenant.id }, (tx) =>
        tx
          .insert(gdprRequests)
          .values({
            tenantId: f.tenant.id,
            type: 'access',
            subjectEmail: 'someone@example.org',
            dueAt: new Date(Date.now() + 20 * 86_400_000),
            ...values,
          })
          .returning(),
      );
    await insert({ subjectEmail: 'overdue@example.org', dueAt: new Date(Date.now() - 86_400_000) });
    await insert({ subjectEmail: 'soon@example.org', dueAt: new Date(Date.now() + 3 * 86_400_000), type: 'erasure' });
    await insert({ subjectEmail: 'later@example.org' });
    await insert({ subjectEmail: 'done@example.org', status: 'completed', dueAt: new Date(Date.now() - 5 * 86_400_000) });

    const caller = admin(f);
    expect(await caller.gdpr.summary()).toEqual({ open: 3, overdue: 1, dueSoon: 1 });
    const byDue = await caller.gdpr.list({ pageSize: 5 });
    expect(byDue.items.map((r) => r.subject.email)).toEqual([
      'overdue@example.org',
      'soon@example.org',
      'later@example.org',
      'done@example.org',
    ]);
    expect(byDue.items.map((r) => r.urgency)).toEqual(['overdue', 'due_soon', 'on_time', 'closed']);
    expect((await caller.gdpr.list({ due: 'overdue' })).items.map((r) => r.subject.email)).toEqual(['overdue@example.org']);
    expect((await caller.gdpr.list({ due: 'due_soon' })).items.map((r) => r.subject.email)).toEqual(['soon@example.org']);
    expect((await caller.gdpr.list({ status: 'open' })).total).toBe(3);
    expect((await caller.gdpr.list({ status: 'completed' })).total).toBe(1);
    expect((await caller.gdpr.list({ type: 'erasure' })).total).toBe(1);
    expect((await caller.gdpr.list({ search: 'LATER' })).items.map((r) => r.subject.email)).toEqual(['later@example.org']);
    // The overview tells the admin what is late and what is close.
    const { attention } = await caller.overview.get();
    expect(attention).toEqual(
      expect.arrayContaining([
        { kind: 'gdprOverdue', count: 1 },
        { kind: 'gdprDueSoon', count: 1 },
      ]),
    );
    const page2 = await caller.gdpr.list({ pageSize: 5, page: 2 });
    expect(page2).toMatchObject({ items: [], total: 4 });
  });
});

describe('tenant isolation', () => {
  it('keeps one tenant’s requests out of another’s reach', async () => {
    const request = await admin().gdpr.create({ type: 'erasure', subjectEmail: 'isolated@example.org' });
    const other = admin(b);
    expect(await trpcCode(other.gdpr.get({ id: request.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.gdpr.sendCode({ id: request.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.gdpr.reject({ id: request.id, reason: 'Not ours at all' }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.gdpr.extend({ id: request.id, months: 1, reason: 'Not ours at all' }))).toBe('NOT_FOUND');
    expect(await trpcCode(other.gdpr.cancel({ id: request.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(t.db, asUser(b, 'viewer')).gdpr.confirmOwn({ id: request.id }))).toBe('NOT_FOUND');
    expect((await other.gdpr.list({ search: 'isolated' })).total).toBe(0);
    expect((await admin().gdpr.get({ id: request.id })).status).toBe('received');
  });
});
