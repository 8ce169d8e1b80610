import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionClaims } from '@/server/auth/types';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { createActiveUser } from '@/server/tenants/create';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, testPasswordHash, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';
import { makeTextPdf } from '@/test/samples/generate';
import { Worker } from './worker';

/**
 * The processing queue through the tRPC caller: editors (documents:write) see and steer the jobs
 * of the documents they uploaded, admins (settings:manage) every job, with Retry and Cancel per
 * job; viewers are refused, and another workspace's job is NOT_FOUND.
 */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let otherEditor: SessionClaims;
let collectionA: string;

const page = { page: 1, pageSize: 100 } as const;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  const user = await createActiveUser(t.db, {
    tenantId: a.tenant.id,
    email: `editor2-${randomUUID().slice(0, 6)}@jobs.test`,
    fullName: 'Second editor',
    hashedPassword: await testPasswordHash(),
    roleIds: [a.roleIds.editor],
  });
  otherEditor = { kind: 'user', tenantId: a.tenant.id, id: user.id };
  collectionA = (await callerFor(t.db, asUser(a, 'admin')).collections.create({ name: 'Queue', description: '', visibility: 'tenant' })).id;
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

async function upload(claims: SessionClaims, filename: string, bytes: Uint8Array) {
  const result = await withServiceContext(
    t.db,
    claims,
    (ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['pdf', 'txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        { collectionId: collectionA, filename, bytes, onDuplicate: 'ask' },
      ),
    { permission: ['documents:write'], mutation: true },
  );
  if (result.status !== 'created') throw new Error(`upload of ${filename} was ${result.status}`);
  return result;
}

/** Runs the real ingest worker until the queue has nothing runnable. */
async function drainQueue() {
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS, id: 'jobs-test' });
  while (await worker.runOnce()) {
    /* next job */
  }
}

describe('jobs (the processing queue)', () => {
  it('refuses viewers: they neither see the queue nor steer it', async () => {
    const viewer = callerFor(t.db, asUser(a, 'viewer'));
    expect(await trpcCode(viewer.jobs.list(page))).toBe('FORBIDDEN');
    expect(await trpcCode(viewer.jobs.summary())).toBe('FORBIDDEN');
    expect(await trpcCode(viewer.jobs.retry({ id: randomUUID() }))).toBe('FORBIDDEN');
    expect(await trpcCode(viewer.jobs.cancel({ id: randomUUID() }))).toBe('FORBIDDEN');
  });

  it('shows an editor only the jobs of documents they uploaded; an admin sees all, and retries one failed job', async () => {
    const pdf = await makeTextPdf();
    const damaged = await upload(asUser(a, 'editor'), `damaged-${randomUUID().slice(0, 6)}.pdf`, pdf.slice(0, Math.floor(pdf.length / 3)));
    const others = await upload(otherEditor, 'theirs.txt', new TextEncoder().encode(`Another editor's note ${randomUUID()}`));
    await drainQueue();

    const editor = callerFor(t.db, asUser(a, 'editor'));
    const mine = await editor.jobs.list(page);
    expect(mine.items.map((j) => j.id)).toEqual([damaged.jobId]);
    expect(mine.items[0]).toMatchObject({ status: 'failed', attempts: 1, maxRetries: 3, retryable: true, documentId: damaged.documentId });
    expect((await editor.jobs.summary()).counts).toMatchObject({ failed: 1, completed: 0 });

    // The other editor's job is not there for them to see, retry or cancel.
    expect(await trpcCode(editor.jobs.retry({ id: others.jobId }))).toBe('NOT_FOUND');
    expect(await trpcCode(editor.jobs.cancel({ id: others.jobId }))).toBe('NOT_FOUND');

    const admin = callerFor(t.db, asUser(a, 'admin'));
    const all = await admin.jobs.list(page);
    expect(all.items.map((j) => j.id).sort()).toEqual([damaged.jobId, others.jobId].sort());
    expect(all.items.find((j) => j.id === others.jobId)).toMatchObject({ status: 'completed', retryable: false });

    // Retry makes a new reprocess job for the document; the old job can then no longer be retried.
    const { jobId } = await admin.jobs.retry({ id: damaged.jobId });
    const after = await admin.jobs.list(page);
    expect(after.items.find((j) => j.id === jobId)).toMatchObject({
      jobType: 'reprocess',
      status: 'pending',
      documentId: damaged.documentId,
    });
    expect(after.items.find((j) => j.id === damaged.jobId)).toMatchObject({ retryable: false });
    await expect(admin.jobs.retry({ id: damaged.jobId })).rejects.toThrow('This document has been processed again since');
    await expect(admin.jobs.retry({ id: jobId })).rejects.toThrow('This job has not finished yet.');
    await expect(admin.jobs.retry({ id: others.jobId })).rejects.toThrow('This job completed; there is nothing to retry.');
    expect(await editor.documents.get({ id: damaged.documentId })).toMatchObject({ status: 'uploaded', error: null });

    // The editor cancels their own waiting job; the document says so.
    expect(await editor.jobs.cancel({ id: jobId })).toEqual({ id: jobId });
    expect(await editor.documents.get({ id: damaged.documentId })).toMatchObject({ status: 'failed', error: 'Processing was cancelled.' });
    // A cancelled job is retried like a failed one, by its uploader too.
    const again = await editor.jobs.retry({ id: jobId });
    expect(await editor.documents.get({ id: damaged.documentId })).toMatchObject({ status: 'uploaded' });
    expect(await editor.jobs.cancel({ id: again.jobId })).toEqual({ id: again.jobId });
  }, 60_000);

  it("answers another workspace's job as NOT_FOUND, to its admins too", async () => {
    const [job] = (await callerFor(t.db, asUser(a, 'admin')).jobs.list(page)).items;
    expect(job).toBeDefined();
    const adminB = callerFor(t.db, asUser(b, 'admin'));
    expect(await trpcCode(adminB.jobs.retry({ id: job!.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(adminB.jobs.cancel({ id: job!.id }))).toBe('NOT_FOUND');
    expect((await adminB.jobs.list(page)).items).toEqual([]);
  });
});
