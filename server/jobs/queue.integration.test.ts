import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, documents, processingJobs } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture, type Fixture } from '@/test/fixtures';
import { backoffMs, cancelJob, claimJob, enqueueJob, failJob, reapExpiredLeases, renewLease, type Job } from './queue';
import { JobError, Worker } from './worker';

let t: TestDatabase;
let f: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

async function enqueue(n = 1, extra: { documentId?: string; maxRetries?: number } = {}) {
  const jobs: Job[] = [];
  for (let i = 0; i < n; i++) {
    jobs.push(
      await withTenant({ tenantId: f.tenant.id }, (tx) =>
        enqueueJob(tx, { tenantId: f.tenant.id, jobType: 'embed', payload: { i }, ...extra }),
      ),
    );
  }
  return jobs;
}

async function load(id: string) {
  const [row] = await t.db.select().from(processingJobs).where(eq(processingJobs.id, id));
  return row!;
}

/** Drains the queue so each test starts from its own jobs. */
async function drain() {
  await t.db
    .update(processingJobs)
    .set({ status: 'cancelled' })
    .where(sql`status in ('pending', 'retrying', 'processing')`);
}

async function makeDocument() {
  return withTenant({ tenantId: f.tenant.id }, async (tx) => {
    const [c] = await tx
      .insert(collections)
      .values({ tenantId: f.tenant.id, name: `c-${Math.random()}` })
      .returning();
    const [d] = await tx
      .insert(documents)
      .values({
        tenantId: f.tenant.id,
        collectionId: c!.id,
        filename: 'x.pdf',
        storageKey: 'k',
        mimeType: 'application/pdf',
        fileType: 'pdf',
        sizeBytes: 1,
        checksumSha256: 'd'.repeat(64),
        status: 'processing',
      })
      .returning();
    return d!.id;
  });
}

describe('job queue', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(3, () => 0.5)).toBe(20_000);
    expect(backoffMs(30, () => 0.5)).toBe(600_000);
    expect(backoffMs(2, () => 0)).toBe(8_000);
  });

  it('gives each of many concurrent claimers a different job, never one twice', async () => {
    await drain();
    const jobs = await enqueue(5);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => claimJob(t.db, `w${i}`, 30_000)));
    const claimed = claims.filter((j): j is Job => j !== null);
    expect(claimed).toHaveLength(5);
    expect(new Set(claimed.map((j) => j.id))).toEqual(new Set(jobs.map((j) => j.id)));
    for (const job of claimed) {
      expect(job).toMatchObject({ status: 'processing', retryCount: 0 });
      expect(job.attempts).toEqual([expect.objectContaining({ n: 1, workerId: job.lockedBy, status: 'running' })]);
    }
  });

  it('returns a job whose worker died to the queue after its lease, and another worker completes it', async () => {
    await drain();
    const [job] = await enqueue(1);
    // Worker A claims with a short lease and then "dies": it never renews or finishes.
    expect((await claimJob(t.db, 'dead-worker', 200))!.id).toBe(job!.id);
    expect(await claimJob(t.db, 'other', 30_000)).toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(await reapExpiredLeases(t.db)).toBe(1);
    const reaped = await load(job!.id);
    expect(reaped).toMatchObject({ status: 'retrying', retryCount: 1, lockedBy: null });
    expect(reaped.attempts[0]).toMatchObject({ status: 'lease_expired' });
    let ran = 0;
    const b = new Worker({ db: t.db, id: 'worker-b', handlers: { embed: { run: async () => void ran++ } } });
    expect(await b.runOnce()).toBe(true);
    expect(ran).toBe(1);
    const done = await load(job!.id);
    expect(done).toMatchObject({ status: 'completed', lockedBy: null });
    expect(done.attempts.map((a) => [a.n, a.workerId, a.status])).toEqual([
      [1, 'dead-worker', 'lease_expired'],
      [2, 'worker-b', 'completed'],
    ]);
    // The dead worker coming back cannot touch it.
    expect(await renewLease(t.db, job!.id, 'dead-worker', 30_000)).toBe(false);
  });

  it('retries with backoff up to max_retries, then fails with the error and tells the handler', async () => {
    await drain();
    const documentId = await makeDocument();
    const [job] = await enqueue(1, { maxRetries: 2, documentId });
    const finals: string[] = [];
    const worker = new Worker({
      db: t.db,
      id: 'flaky',
      handlers: {
        embed: {
          run: async () => {
            throw new JobError('The embedding service timed out.', true);
          },
          onFinalFailure: async (_db, failed, message) => void finals.push(`${failed.id}:${message}`),
        },
      },
    });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await worker.runOnce()).toBe(true);
      const row = await load(job!.id);
      if (attempt < 3) {
        expect(row).toMatchObject({ status: 'retrying', retryCount: attempt, errorMessage: 'The embedding service timed out.' });
        // Backed off from when the attempt ended (5 s × 2ⁿ⁻¹, at least 80 % of it with jitter).
        const ended = new Date(row.attempts.at(-1)!.finishedAt!).getTime();
        expect(row.runAfter.getTime() - ended).toBeGreaterThan(0.8 * 5_000 * 2 ** (attempt - 1) - 1_000);
        expect(await worker.runOnce()).toBe(false);
        await t.db.update(processingJobs).set({ runAfter: new Date() }).where(eq(processingJobs.id, job!.id));
      } else {
        expect(row).toMatchObject({ status: 'failed', retryCount: 2, errorMessage: 'The embedding service timed out.' });
        expect(row.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'failed']);
      }
    }
    expect(finals).toEqual([`${job!.id}:The embedding service timed out.`]);
  });

  it('fails at once when the error cannot be helped by retrying', async () => {
    await drain();
    const [job] = await enqueue(1);
    const worker = new Worker({
      db: t.db,
      handlers: { embed: { run: async () => Promise.reject(new JobError('This PDF is damaged and cannot be read.')) } },
    });
    await worker.runOnce();
    expect(await load(job!.id)).toMatchObject({ status: 'failed', retryCount: 0, errorMessage: 'This PDF is damaged and cannot be read.' });
  });

  it('fails a job and its document when workers keep dying on it', async () => {
    await drain();
    const documentId = await makeDocument();
    const [job] = await enqueue(1, { maxRetries: 1, documentId });
    for (let i = 0; i < 2; i++) {
      await t.db.update(processingJobs).set({ runAfter: new Date() }).where(eq(processingJobs.id, job!.id));
      expect(await claimJob(t.db, `crashy-${i}`, 100)).not.toBeNull();
      await new Promise((r) => setTimeout(r, 250));
      await reapExpiredLeases(t.db);
    }
    expect(await load(job!.id)).toMatchObject({ status: 'failed', retryCount: 1 });
    const [doc] = await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(documents).where(eq(documents.id, documentId)));
    expect(doc).toMatchObject({ status: 'failed' });
    expect(doc!.error).toMatch(/stopped responding/);
  });

  it('cancels a waiting job, and stops a running one at its next lease renewal', async () => {
    await drain();
    const [waiting, running] = await enqueue(2);
    await withTenant({ tenantId: f.tenant.id }, (tx) => cancelJob(tx, f.tenant.id, waiting!.id));
    let sawAbort = false;
    const worker = new Worker({
      db: t.db,
      leaseMs: 3_000,
      handlers: {
        embed: {
          run: ({ signal, job }) =>
            new Promise<void>((resolve) => {
              expect(job.id).toBe(running!.id);
              void withTenant({ tenantId: f.tenant.id }, (tx) => cancelJob(tx, f.tenant.id, running!.id));
              signal.addEventListener('abort', () => {
                sawAbort = true;
                resolve();
              });
            }),
        },
      },
    });
    expect(await worker.runOnce()).toBe(true);
    expect(sawAbort).toBe(true);
    expect(await load(running!.id)).toMatchObject({ status: 'cancelled' });
    expect(await load(waiting!.id)).toMatchObject({ status: 'cancelled' });
    expect(await worker.runOnce()).toBe(false);
    expect(await failJob(t.db, running!, worker.id, 'late', { retryable: true })).toBe('lost');
  });

  it('tells people where an internal error stopped the job, logs it in full with the job id, and shows the last reason on the document', async () => {
    await drain();
    const documentId = await makeDocument();
    const [job] = await enqueue(1, { maxRetries: 0, documentId });
    const logs: string[] = [];
    const finals: string[] = [];
    const worker = new Worker({
      db: t.db,
      log: (m) => logs.push(m),
      handlers: {
        embed: {
          run: async ({ progress }) => {
            await progress({ stage: 'ocr', percent: 20 });
            throw new Error('ENOENT: /srv/app/node_modules/secret/lang.traineddata');
          },
          onFinalFailure: async (_db, _job, message) => void finals.push(message),
        },
      },
    });
    await worker.runOnce();
    const row = await load(job!.id);
    expect(row).toMatchObject({ status: 'failed', errorMessage: 'The OCR engine could not read this file.' });
    expect(row.attempts.at(-1)).toMatchObject({ status: 'failed', error: 'The OCR engine could not read this file.' });
    expect(finals).toEqual(['The OCR engine could not read this file.']);
    expect(logs.join('\n')).toContain(job!.id);
    expect(logs.join('\n')).toContain('ENOENT: /srv/app/node_modules/secret/lang.traineddata');
    expect(JSON.stringify(row)).not.toContain('secret');
  });

  it('keeps a worker that lost its lease from writing its results after another worker took the job over', async () => {
    await drain();
    const [job] = await enqueue(1);
    const writes: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer = (name: string, wait?: Promise<void>): Worker =>
      new Worker({
        db: t.db,
        id: name,
        leaseMs: name === 'stalled' ? 200 : 30_000,
        handlers: {
          embed: {
            run: async ({ fence }) => {
              await wait;
              await withTenant({ tenantId: f.tenant.id }, async (tx) => {
                await fence(tx);
                writes.push(name);
              });
            },
          },
        },
      });
    const stalled = writer('stalled', gate).runOnce();
    // The stalled worker's lease runs out; the job goes back to the queue and another completes it.
    await expect.poll(async () => (await load(job!.id)).lockedUntil!.getTime() < Date.now(), { timeout: 10_000 }).toBe(true);
    expect(await reapExpiredLeases(t.db)).toBe(1);
    await t.db.update(processingJobs).set({ runAfter: new Date() }).where(eq(processingJobs.id, job!.id));
    expect(await writer('fresh').runOnce()).toBe(true);
    release();
    expect(await stalled).toBe(true);
    expect(writes).toEqual(['fresh']);
    const row = await load(job!.id);
    expect(row).toMatchObject({ status: 'completed', lockedBy: null });
    expect(row.attempts.map((a) => [a.workerId, a.status])).toEqual([
      ['stalled', 'lease_expired'],
      ['fresh', 'completed'],
    ]);
  });
});
