import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  auditLogs,
  chatMessages,
  chatSessions,
  collections,
  dataRetentionJobs,
  documentChunks,
  documents,
  legalHolds,
  messageFeedback,
  processingJobs,
  ragEvalDatasets,
  ragEvalResults,
  ragEvaluations,
  retentionPolicies,
  usageEvents,
} from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { enqueueJob } from '@/server/jobs/queue';
import { Worker } from '@/server/jobs/worker';
import { getStorage } from '@/server/storage';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';
import type { RetentionPolicies } from '@/lib/retention';
import { isUnderLegalHold } from './holds';
import { enqueueDailyRetention, RETENTION_HANDLERS } from './run';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const admin = (f: Fixture) => callerFor(t.db, asUser(f, 'admin'));
const FOREVER: RetentionPolicies = { chats: null, documents: null, usage_events: null, evaluations: null, audit: null };
const THIRTY: RetentionPolicies = { chats: 30, documents: 30, usage_events: 30, evaluations: 30, audit: null };

/** Runs every queued retention job to its end. */
async function drain() {
  const worker = new Worker({ db: t.db, handlers: RETENTION_HANDLERS });
  while (await worker.runOnce()) {
    // Next job.
  }
}

/** One retention run for the tenant now (the daily scheduler enqueues at most one per day). */
async function runRetention(f: Fixture) {
  const [row] = await t.db.insert(dataRetentionJobs).values({ tenantId: f.tenant.id, scheduledAt: new Date() }).returning();
  await t.db.transaction((tx) => enqueueJob(tx, { tenantId: f.tenant.id, jobType: 'retention', payload: { retentionJobId: row!.id } }));
  await drain();
  const [done] = await t.db.select().from(dataRetentionJobs).where(eq(dataRetentionJobs.id, row!.id));
  return done!;
}

async function setPolicy(f: Fixture, policies: Partial<Record<keyof typeof FOREVER, number | null>>) {
  await admin(f).retention.update({ policies: { ...FOREVER, ...policies }, confirm: true });
}

async function exists(
  table: typeof documents | typeof chatMessages | typeof chatSessions | typeof usageEvents | typeof ragEvaluations,
  id: string,
) {
  const rows = await t.db.select({ id: table.id }).from(table).where(eq(table.id, id));
  return rows.length === 1;
}

/** A document created `days` ago with a stored file and one chunk. */
async function document(f: Fixture, collectionId: string, days: number, uploadedBy: string | null = f.users.admin.id) {
  const id = randomUUID();
  const storageKey = `${f.tenant.id}/documents/${id}/file.txt`;
  await getStorage().put(storageKey, new TextEncoder().encode('hello retention'));
  await t.db.insert(documents).values({
    id,
    tenantId: f.tenant.id,
    collectionId,
    uploadedBy,
    filename: `doc-${days}-${id.slice(0, 4)}.txt`,
    storageKey,
    mimeType: 'text/plain',
    fileType: 'txt',
    sizeBytes: 15,
    checksumSha256: 'a'.repeat(64),
    createdAt: ago(days),
  });
  await t.db.insert(documentChunks).values({
    tenantId: f.tenant.id,
    documentId: id,
    chunkIndex: 0,
    content: 'hello retention',
    charStart: 0,
    charEnd: 15,
  });
  return { id, storageKey };
}

/** A conversation of `userId` with one message per age given (in days), the first with feedback. */
async function chat(f: Fixture, userId: string, sessionDays: number, messageDays: number[]) {
  const [session] = await t.db
    .insert(chatSessions)
    .values({ tenantId: f.tenant.id, userId, createdAt: ago(sessionDays) })
    .returning();
  const messages: string[] = [];
  for (const days of messageDays) {
    const [m] = await t.db
      .insert(chatMessages)
      .values({ tenantId: f.tenant.id, sessionId: session!.id, role: 'user', content: `asked ${days} days ago`, createdAt: ago(days) })
      .returning();
    messages.push(m!.id);
  }
  await t.db.insert(messageFeedback).values({ tenantId: f.tenant.id, messageId: messages[0]!, userId, rating: 'up' });
  return { sessionId: session!.id, messages };
}

async function usageEvent(f: Fixture, userId: string | null, days: number) {
  const [row] = await t.db
    .insert(usageEvents)
    .values({
      tenantId: f.tenant.id,
      userId,
      kind: 'chat',
      requests: 1,
      occurredAt: ago(days),
      localDate: ago(days).toISOString().slice(0, 10),
    })
    .returning();
  return row!.id;
}

async function evaluation(f: Fixture, days: number, createdBy: string | null = f.users.admin.id) {
  const [dataset] = await t.db
    .insert(ragEvalDatasets)
    .values({ tenantId: f.tenant.id, name: `d-${randomUUID()}` })
    .returning();
  const [run] = await t.db
    .insert(ragEvaluations)
    .values({ tenantId: f.tenant.id, datasetId: dataset!.id, createdBy, createdAt: ago(days) })
    .returning();
  await t.db
    .insert(ragEvalResults)
    .values({ tenantId: f.tenant.id, evaluationId: run!.id, query: 'q?', answer: 'a', createdAt: ago(days) });
  return run!.id;
}

async function collection(f: Fixture) {
  const [c] = await t.db
    .insert(collections)
    .values({ tenantId: f.tenant.id, name: `c-${randomUUID()}` })
    .returning();
  return c!.id;
}

const purgeEntries = (f: Fixture) =>
  t.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.action, 'retention.purge')))
    .orderBy(asc(auditLogs.seq));

describe('the retention run', () => {
  it('removes only what is past its period, keeps what a legal hold covers, audits each class with counts and records the run', async () => {
    const f = await createTenantFixture(t.db);
    const held = f.users.editor.id;
    const viewer = f.users.viewer.id;
    const c = await collection(f);
    const oldDoc = await document(f, c, 31);
    const recentDoc = await document(f, c, 29);
    const heldDoc = await document(f, c, 40);
    const heldUsersDoc = await document(f, c, 40, held);
    const oldChat = await chat(f, viewer, 40, [40, 35]);
    const mixedChat = await chat(f, viewer, 40, [31, 29]);
    const heldChat = await chat(f, held, 40, [40]);
    const oldEvent = await usageEvent(f, viewer, 31);
    const recentEvent = await usageEvent(f, viewer, 29);
    const heldEvent = await usageEvent(f, held, 40);
    const oldRun = await evaluation(f, 31);
    const recentRun = await evaluation(f, 29);
    const heldRun = await evaluation(f, 40, held);

    await admin(f).legalHolds.create({ targetType: 'user', target: f.users.editor.email, reason: 'Litigation 2026-14' });
    await admin(f).legalHolds.create({ targetType: 'document', target: heldDoc.id, reason: 'Contract dispute' });

    const preview = await admin(f).retention.preview({ policies: THIRTY });
    await setPolicy(f, THIRTY);
    const job = await runRetention(f);

    const expected = {
      chats: { sessions: 1, messages: 3, feedback: 2 },
      documents: { documents: 1, bytes: 15, chunks: 1 },
      usage_events: { events: 1 },
      evaluations: { runs: 1, results: 1 },
    };
    expect(preview.counts).toEqual(expected);
    expect(job).toMatchObject({ status: 'completed', error: null, deletedCounts: expected });
    expect(job.startedAt).toBeInstanceOf(Date);
    expect(job.finishedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());

    // Past the period: gone, with the stored file and the derived chunks.
    expect(await exists(documents, oldDoc.id)).toBe(false);
    await expect(getStorage().get(oldDoc.storageKey)).rejects.toThrow();
    const [chunks] = await t.db.select({ n: count() }).from(documentChunks).where(eq(documentChunks.documentId, oldDoc.id));
    expect(chunks!.n).toBe(0);
    expect(await exists(chatSessions, oldChat.sessionId)).toBe(false);
    expect(await exists(chatMessages, mixedChat.messages[0]!)).toBe(false);
    expect(await exists(usageEvents, oldEvent)).toBe(false);
    expect(await exists(ragEvaluations, oldRun)).toBe(false);

    // Just inside the period: kept (the conversation stays while one of its messages does).
    expect(await exists(documents, recentDoc.id)).toBe(true);
    expect(await getStorage().get(recentDoc.storageKey)).toBeInstanceOf(Uint8Array);
    expect(await exists(chatSessions, mixedChat.sessionId)).toBe(true);
    expect(await exists(chatMessages, mixedChat.messages[1]!)).toBe(true);
    expect(await exists(usageEvents, recentEvent)).toBe(true);
    expect(await exists(ragEvaluations, recentRun)).toBe(true);

    // Held: the document, and everything of the held user, however old.
    expect(await exists(documents, heldDoc.id)).toBe(true);
    expect(await getStorage().get(heldDoc.storageKey)).toBeInstanceOf(Uint8Array);
    expect(await exists(documents, heldUsersDoc.id)).toBe(true);
    expect(await exists(chatSessions, heldChat.sessionId)).toBe(true);
    expect(await exists(chatMessages, heldChat.messages[0]!)).toBe(true);
    expect(await exists(usageEvents, heldEvent)).toBe(true);
    expect(await exists(ragEvaluations, heldRun)).toBe(true);

    // One entry per class with a finite period, counts only.
    const entries = await purgeEntries(f);
    expect(entries.map((e) => e.resourceId)).toEqual(['chats', 'documents', 'usage_events', 'evaluations']);
    for (const e of entries) {
      expect(e.actorType).toBe('system');
      expect(e.payload).toMatchObject({ class: e.resourceId, days: 30, counts: expected[e.resourceId as keyof typeof expected] });
      expect(JSON.stringify(e.payload)).not.toContain('asked');
      expect(JSON.stringify(e.payload)).not.toContain('.txt');
    }

    // The runs are listed, newest first, with their counts.
    const runs = await admin(f).retention.listJobs({});
    expect(runs.total).toBe(1);
    expect(runs.items[0]).toMatchObject({ id: job.id, status: 'completed', counts: expected });

    // A run again finds nothing more; a released hold no longer protects.
    const again = await runRetention(f);
    expect(again.deletedCounts.documents).toEqual({ documents: 0, bytes: 0, chunks: 0 });
    const holds = await admin(f).legalHolds.list();
    await admin(f).legalHolds.release({ id: holds.find((h) => h.targetType === 'document')!.id });
    const afterRelease = await runRetention(f);
    expect(afterRelease.deletedCounts.documents).toEqual({ documents: 1, bytes: 15, chunks: 1 });
    expect(await exists(documents, heldDoc.id)).toBe(false);
    expect(await exists(documents, heldUsersDoc.id)).toBe(true);
  });

  it('purges the audit log past its period and the chain still verifies, anchored at the purge', async () => {
    // The tenant's first entries are written 400 days ago.
    vi.useFakeTimers({ toFake: ['Date'], now: ago(400) });
    let f: Fixture;
    try {
      f = await createTenantFixture(t.db);
      await admin(f).users.update({ id: f.users.viewer.id, fullName: 'Viewer Long Ago' });
    } finally {
      vi.useRealTimers();
    }
    await admin(f).users.update({ id: f.users.viewer.id, fullName: 'Viewer Today' });
    const before = await admin(f).audit.verify();
    expect(before).toMatchObject({ intact: true });
    const head = await admin(f).audit.head();
    const [{ n: oldEntries } = { n: 0 }] = await t.db
      .select({ n: count() })
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, f.tenant.id), sql`${auditLogs.createdAt} < now() - interval '365 days'`));
    expect(oldEntries).toBeGreaterThan(0);

    const preview = await admin(f).retention.preview({ policies: { ...FOREVER, audit: 365 } });
    expect(preview.counts.audit).toEqual({ entries: oldEntries });
    await setPolicy(f, { audit: 365 });
    const job = await runRetention(f);
    expect(job.deletedCounts).toEqual({ audit: { entries: oldEntries } });

    const [{ n: left } = { n: 0 }] = await t.db
      .select({ n: count() })
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, f.tenant.id), sql`${auditLogs.createdAt} < now() - interval '365 days'`));
    expect(left).toBe(0);
    const [entry] = await purgeEntries(f);
    expect(entry!.payload).toMatchObject({ class: 'audit', days: 365, counts: { entries: oldEntries }, purgedTotal: oldEntries });

    const after = await admin(f).audit.verify({ notedHead: head!.head });
    expect(after).toMatchObject({ intact: true, purged: { entries: oldEntries }, noted: { found: true } });
    expect(new Date(after.purged!.before).getTime()).toBeLessThan(ago(365).getTime());
    // Positions still count from the chain's start.
    const [{ n: kept } = { n: 0 }] = await t.db.select({ n: count() }).from(auditLogs).where(eq(auditLogs.tenantId, f.tenant.id));
    expect((await admin(f).audit.head())!.entries).toBe(kept + oldEntries);

    // Removing more entries by hand (no purge entry vouches for them) breaks the chain.
    const [oldest] = await t.db
      .select({ seq: auditLogs.seq })
      .from(auditLogs)
      .where(eq(auditLogs.tenantId, f.tenant.id))
      .orderBy(asc(auditLogs.seq))
      .limit(1);
    await t.db.delete(auditLogs).where(eq(auditLogs.seq, oldest!.seq));
    expect(await admin(f).audit.verify()).toMatchObject({ intact: false, reason: 'altered' });
  });
});

describe('the audit purge and legal holds', () => {
  it('stops at the first old entry about a held user: the chain is only ever cut before it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: ago(500) });
    let f: Fixture;
    try {
      f = await createTenantFixture(t.db);
      await admin(f).users.update({ id: f.users.editor.id, fullName: 'Editor Before' });
      await admin(f).users.update({ id: f.users.viewer.id, fullName: 'Viewer Held' });
      await admin(f).users.update({ id: f.users.editor.id, fullName: 'Editor After' });
    } finally {
      vi.useRealTimers();
    }
    await admin(f).legalHolds.create({ targetType: 'user', target: f.users.viewer.id, reason: 'Case 12' });
    const chain = () => t.db.select().from(auditLogs).where(eq(auditLogs.tenantId, f.tenant.id)).orderBy(asc(auditLogs.seq));
    const before = await chain();
    const firstAboutViewer = before.findIndex((e) => e.actorId === f.users.viewer.id || e.resourceId === f.users.viewer.id);
    expect(firstAboutViewer).toBeGreaterThan(0);

    await setPolicy(f, { audit: 365 });
    const job = await runRetention(f);
    expect(job.deletedCounts.audit).toEqual({ entries: firstAboutViewer });
    const after = await chain();
    expect(after[0]!.id).toBe(before[firstAboutViewer]!.id);
    // Old entries after the held one stay too: only a prefix can go.
    expect(after.some((e) => e.payload.fullName === 'Editor After')).toBe(true);
    expect(await admin(f).audit.verify()).toMatchObject({ intact: true, purged: { entries: firstAboutViewer } });
  });
});

describe('retention policies', () => {
  it('keeps the audit log at least 365 days: a lower period is refused and nothing changes', async () => {
    const f = await createTenantFixture(t.db);
    const refused = admin(f).retention.update({ policies: { ...FOREVER, audit: 364 }, confirm: true });
    await expect(refused).rejects.toThrow(/audit log is kept at least 365 days/);
    expect(await trpcCode(admin(f).retention.update({ policies: { ...FOREVER, audit: 30 }, confirm: true }))).toBe('BAD_REQUEST');
    expect((await admin(f).retention.get()).policies).toEqual(FOREVER);
    await setPolicy(f, { audit: 400 });
    expect((await admin(f).retention.get()).policies.audit).toBe(400);
    // The database refuses it too, whoever writes.
    await expect(
      t.db.update(retentionPolicies).set({ auditDays: 100 }).where(eq(retentionPolicies.tenantId, f.tenant.id)),
    ).rejects.toThrow();
  });

  it('refuses a shorter period without confirm, saying how much would go, and changes nothing', async () => {
    const f = await createTenantFixture(t.db);
    await chat(f, f.users.viewer.id, 50, [50, 45]);
    await expect(admin(f).retention.update({ policies: { ...FOREVER, chats: 30 } })).rejects.toThrow(
      /shortens the retention of chats to 30 days \(2 messages, 1 conversation, 1 feedback entry\)/,
    );
    expect((await admin(f).retention.get()).policies).toEqual(FOREVER);
    expect(await t.db.select().from(retentionPolicies).where(eq(retentionPolicies.tenantId, f.tenant.id))).toEqual([]);

    const saved = await admin(f).retention.update({ policies: { ...FOREVER, chats: 30 }, confirm: true });
    expect(saved.policies.chats).toBe(30);
    const [entry] = await t.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.action, 'retention.policy_update')));
    expect(entry!.payload).toMatchObject({ policies: { chats: 30 }, shortened: ['chats'], confirmed: true });

    // Lengthening removes nothing more and needs no confirmation; shortening again does.
    expect((await admin(f).retention.update({ policies: { ...FOREVER, chats: 60 } })).policies.chats).toBe(60);
    expect(await trpcCode(admin(f).retention.update({ policies: { ...FOREVER, chats: 45 } }))).toBe('BAD_REQUEST');
    expect((await admin(f).retention.get()).policies.chats).toBe(60);
  });

  it('needs settings:manage; holds need gdpr:manage or settings:manage', async () => {
    const f = await createTenantFixture(t.db);
    const viewer = callerFor(t.db, asUser(f, 'viewer'));
    expect(await trpcCode(viewer.retention.get())).toBe('FORBIDDEN');
    expect(await trpcCode(viewer.retention.update({ policies: THIRTY, confirm: true }))).toBe('FORBIDDEN');
    expect(await trpcCode(viewer.legalHolds.create({ targetType: 'user', target: f.users.viewer.id, reason: 'x' }))).toBe('FORBIDDEN');
  });
});

describe('legal holds', () => {
  it('are placed on a user by e-mail or id and on a document by name or id, with a reason, once at a time', async () => {
    const f = await createTenantFixture(t.db);
    const c = await collection(f);
    const doc = await document(f, c, 1);
    const [row] = await t.db.select({ filename: documents.filename }).from(documents).where(eq(documents.id, doc.id));
    expect(await trpcCode(admin(f).legalHolds.create({ targetType: 'user', target: f.users.viewer.id, reason: '  ' }))).toBe('BAD_REQUEST');
    const userHold = await admin(f).legalHolds.create({ targetType: 'user', target: f.users.viewer.id, reason: 'Case 7' });
    await admin(f).legalHolds.create({ targetType: 'document', target: row!.filename, reason: 'Case 7' });
    await expect(admin(f).legalHolds.create({ targetType: 'user', target: f.users.viewer.email, reason: 'Again' })).rejects.toThrow(
      /already under a legal hold/,
    );
    expect(await trpcCode(admin(f).legalHolds.create({ targetType: 'document', target: 'nope.pdf', reason: 'x' }))).toBe('NOT_FOUND');

    const list = await admin(f).legalHolds.list();
    expect(list.map((h) => [h.targetType, h.targetLabel])).toEqual([
      ['document', row!.filename],
      ['user', `${f.users.viewer.fullName} <${f.users.viewer.email}>`],
    ]);
    expect(list[1]).toMatchObject({ reason: 'Case 7', createdBy: f.users.admin.email, releasedAt: null });

    const held = await withTenant({ tenantId: f.tenant.id }, (tx) => isUnderLegalHold(tx, f.tenant.id, { userId: f.users.viewer.id }));
    expect(held).toBe(true);
    expect(await isUnderLegalHold(t.db, f.tenant.id, { documentId: doc.id })).toBe(true);
    expect(await isUnderLegalHold(t.db, f.tenant.id, { userId: f.users.editor.id })).toBe(false);

    await admin(f).legalHolds.release({ id: userHold.id });
    expect(await isUnderLegalHold(t.db, f.tenant.id, { userId: f.users.viewer.id })).toBe(false);
    expect(await trpcCode(admin(f).legalHolds.release({ id: userHold.id }))).toBe('CONFLICT');
    const all = await admin(f).legalHolds.list({ includeReleased: true });
    expect(all.find((h) => h.id === userHold.id)).toMatchObject({ releasedBy: f.users.admin.email });
    const actions = await t.db
      .select({ action: auditLogs.action, payload: auditLogs.payload })
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, f.tenant.id), sql`${auditLogs.action} like 'legal_hold.%'`))
      .orderBy(asc(auditLogs.seq));
    expect(actions.map((a) => a.action)).toEqual(['legal_hold.create', 'legal_hold.create', 'legal_hold.release']);
    expect(JSON.stringify(actions)).not.toContain('Case 7');
  });
});

describe('tenant isolation', () => {
  it('keeps one tenant from reading, changing or learning of another tenant’s policies, holds and runs', async () => {
    const a = await createTenantFixture(t.db);
    const b = await createTenantFixture(t.db);
    const c = await collection(a);
    const docA = await document(a, c, 1);
    await setPolicy(a, THIRTY);
    const holdA = await admin(a).legalHolds.create({ targetType: 'user', target: a.users.viewer.id, reason: 'A only' });
    await runRetention(a);

    expect((await admin(b).retention.get()).policies).toEqual(FOREVER);
    expect(await admin(b).legalHolds.list({ includeReleased: true })).toEqual([]);
    expect((await admin(b).retention.listJobs({})).total).toBe(0);
    // Another tenant's ids are simply not found: no existence oracle.
    expect(await trpcCode(admin(b).legalHolds.release({ id: holdA.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(admin(b).legalHolds.create({ targetType: 'user', target: a.users.viewer.id, reason: 'x' }))).toBe('NOT_FOUND');
    expect(await trpcCode(admin(b).legalHolds.create({ targetType: 'user', target: a.users.viewer.email, reason: 'x' }))).toBe('NOT_FOUND');
    expect(await trpcCode(admin(b).legalHolds.create({ targetType: 'document', target: docA.id, reason: 'x' }))).toBe('NOT_FOUND');
    // B's preview counts B's data only, and B's policy leaves A's as it was.
    await chat(a, a.users.editor.id, 90, [90]);
    expect((await admin(b).retention.preview({ policies: THIRTY })).counts.chats).toEqual({ sessions: 0, messages: 0, feedback: 0 });
    await setPolicy(b, { chats: 10 });
    expect((await admin(a).retention.get()).policies).toEqual(THIRTY);
    expect(await isUnderLegalHold(t.db, b.tenant.id, { userId: a.users.viewer.id })).toBe(false);
    // Under B's RLS scope A's rows do not exist, even by a direct query.
    const seen = await withTenant({ tenantId: b.tenant.id }, async (tx) => ({
      holds: await tx.select().from(legalHolds),
      policies: await tx.select().from(retentionPolicies),
      runs: await tx.select().from(dataRetentionJobs),
    }));
    expect(seen.holds).toEqual([]);
    expect(seen.policies.map((p) => p.tenantId)).toEqual([b.tenant.id]);
    expect(seen.runs).toEqual([]);
  });
});

describe('the daily scheduler', () => {
  it('enqueues one run per tenant with a finite period and tenant-local day, however often it ticks', async () => {
    const f = await createTenantFixture(t.db);
    const none = await createTenantFixture(t.db);
    await setPolicy(f, { usage_events: 90 });
    await setPolicy(none, FOREVER);
    await enqueueDailyRetention(t.db);
    await enqueueDailyRetention(t.db);
    const runsOf = async (x: Fixture) => t.db.select().from(dataRetentionJobs).where(eq(dataRetentionJobs.tenantId, x.tenant.id));
    const jobsOf = async (x: Fixture) =>
      t.db
        .select()
        .from(processingJobs)
        .where(and(eq(processingJobs.tenantId, x.tenant.id), eq(processingJobs.jobType, 'retention')));
    const runs = await runsOf(f);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.localDate).toBe(new Date().toISOString().slice(0, 10));
    expect(await jobsOf(f)).toHaveLength(1);
    expect((await jobsOf(f))[0]!.payload).toEqual({ retentionJobId: runs[0]!.id });
    expect(await runsOf(none)).toEqual([]);
    expect(await jobsOf(none)).toEqual([]);
    await drain();
    expect((await runsOf(f))[0]).toMatchObject({ status: 'completed', deletedCounts: { usage_events: { events: 0 } } });
  });
});
