import { spawn, type ChildProcess } from 'node:child_process';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, processingJobs } from '@/db/schema';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';

/**
 * The production path: three `npm run worker` processes (real child processes, each with its own
 * connection pool) share one queue of 200 ingest jobs on a PostgreSQL server. One is killed with
 * SIGKILL in the middle of a job. Nothing may be lost, nothing done twice, nothing left running.
 * Runs only against a server (TEST_DATABASE_URL): the embedded database serves one connection.
 */
const JOBS = 200;
const WORKERS = 3;
const LEASE_MS = 3_000;

let t: TestDatabase;
let f: Fixture;
let documentIds: string[] = [];
const children: ChildProcess[] = [];

/** A few paragraphs, so that each job has some real work (several chunks to embed and index). */
function note(i: number): Uint8Array {
  const paragraphs = Array.from(
    { length: 12 },
    (_, p) =>
      `Note ${i}, part ${p + 1}. The regional office in city number ${i} reviewed its budget for quarter ${(p % 4) + 1}. ` +
      'Travel costs went down while training costs went up, and the team agreed to revisit the plan next month. '.repeat(6),
  );
  return new TextEncoder().encode(paragraphs.join('\n\n'));
}

type Spawned = { child: ChildProcess; workerId: Promise<string>; output: () => string };

function startWorker(): Spawned {
  const child = spawn('npm', ['run', '--silent', 'worker'], {
    env: { ...process.env, DATABASE_URL: t.url, DATABASE_POOL_MAX: '4', WORKER_LEASE_MS: String(LEASE_MS), WORKER_POLL_MS: '200' },
    // Its own process group, so the whole npm → tsx → node chain can be stopped at the end.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const workerId = new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const started = /Worker (\S+) started\./.exec(output);
      if (started) resolve(started[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${output}`)));
  });
  return { child, workerId, output: () => output };
}

/** The node process that runs the worker (the id is host:pid:random): npm and tsx wrap it. */
const pidOf = (workerId: string) => Number(workerId.split(':').at(-2));

const processingBy = (workerId: string) =>
  t.db
    .select({ id: processingJobs.id })
    .from(processingJobs)
    .where(and(eq(processingJobs.lockedBy, workerId), eq(processingJobs.status, 'processing')));

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  const collectionId = (
    await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'Notes', description: '', visibility: 'tenant' })
  ).id;
  const settings = { allowedFileTypes: ['txt' as const], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES };
  documentIds = [];
  for (let i = 0; i < JOBS; i++) {
    const result = await withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
      uploadDocument(ctx, settings, { collectionId, filename: `note-${i}.txt`, bytes: note(i), onDuplicate: 'ask' }),
    );
    if (result.status !== 'created') throw new Error(`upload ${i}: ${result.status}`);
    documentIds.push(result.documentId);
  }
}, 180_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  await t?.stop();
});

describe('several worker processes on one queue', () => {
  it('complete every job exactly once when one of them is killed mid-job, and leave none running', async () => {
    const workers = Array.from({ length: WORKERS }, startWorker);
    const ids = await Promise.all(workers.map((w) => w.workerId));
    const victim = ids[0]!;
    const victimPid = pidOf(victim);

    // Let the victim do a share of the work first.
    await expect
      .poll(
        async () => {
          const [row] = await t.db
            .select({ n: sql<number>`count(*)::int` })
            .from(processingJobs)
            .where(sql`${processingJobs.attempts} @> ${JSON.stringify([{ workerId: victim, status: 'completed' }])}::jsonb`);
          return row!.n;
        },
        { timeout: 120_000, interval: 50 },
      )
      .toBeGreaterThanOrEqual(10);

    // Freeze the victim, look at what it holds, and kill it only while it holds a job.
    let killedJob: string | undefined;
    while (!killedJob) {
      process.kill(victimPid, 'SIGSTOP');
      const [held] = await processingBy(victim);
      if (held) {
        process.kill(victimPid, 'SIGKILL');
        killedJob = held.id;
      } else {
        process.kill(victimPid, 'SIGCONT');
        await new Promise((r) => setTimeout(r, 10));
      }
    }

    // Every job reaches an end; the survivors take over the killed one once its lease runs out.
    await expect
      .poll(
        async () => {
          const [row] = await t.db
            .select({ open: sql<number>`count(*) filter (where status not in ('completed', 'failed', 'cancelled'))::int` })
            .from(processingJobs)
            .where(inArray(processingJobs.documentId, documentIds));
          return row!.open;
        },
        { timeout: 240_000, interval: 500 },
      )
      .toBe(0);

    const jobs = await t.db.select().from(processingJobs).where(inArray(processingJobs.documentId, documentIds));
    expect(jobs).toHaveLength(JOBS);
    expect(jobs.filter((j) => j.status !== 'completed').map((j) => [j.id, j.status, j.errorMessage])).toEqual([]);
    // Exactly one completed attempt per job (the victim may have finished some before it died).
    for (const job of jobs)
      expect(
        job.attempts.filter((a) => a.status === 'completed'),
        job.id,
      ).toHaveLength(1);
    const killed = jobs.find((j) => j.id === killedJob)!;
    expect(killed.attempts.map((a) => [a.workerId === victim ? 'victim' : 'survivor', a.status])).toEqual([
      ['victim', 'lease_expired'],
      ['survivor', 'completed'],
    ]);
    // Both survivors did a share of the work.
    const byWorker = new Set(jobs.flatMap((j) => j.attempts.filter((a) => a.status === 'completed').map((a) => a.workerId)));
    for (const survivor of ids.slice(1)) expect(byWorker.has(survivor), survivor).toBe(true);
    const share = ids.map((id) => jobs.filter((j) => j.attempts.some((a) => a.workerId === id && a.status === 'completed')).length);
    console.info(`${JOBS} jobs on ${WORKERS} worker processes: completed ${share.join(' / ')} (the first was killed mid-job)`);

    // One set of chunks per document: no duplicate rows, and as many as the document says.
    const docs = await t.db.select().from(documents).where(inArray(documents.id, documentIds));
    expect(docs.filter((d) => d.status !== 'completed')).toEqual([]);
    const duplicates = await t.db.execute(sql`
      select document_id, chunk_index, count(*)::int as n from document_chunks
      where tenant_id = ${f.tenant.id} group by 1, 2 having count(*) > 1`);
    expect(duplicates).toEqual([]);
    const counts = await t.db.execute<{ document_id: string; n: number }>(sql`
      select document_id, count(*)::int as n from document_chunks where tenant_id = ${f.tenant.id} group by 1`);
    const chunksOf = new Map(counts.map((r) => [r.document_id, r.n]));
    for (const doc of docs) {
      expect(doc.chunkCount, doc.filename).toBeGreaterThan(1);
      expect(chunksOf.get(doc.id), doc.filename).toBe(doc.chunkCount);
    }

    // The survivors are still alive and idle; the victim is gone.
    expect(workers[0]!.child.signalCode ?? workers[0]!.child.exitCode).not.toBeNull();
    for (const w of workers.slice(1)) expect(w.child.exitCode, w.output()).toBeNull();
  }, 300_000);
});
