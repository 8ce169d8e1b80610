import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chunkEmbeddings, documentChunks, embeddingsRegistry, type EmbedderConfig } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { embedderFor } from '@/server/ai/embedders';
import { cosineSimilarity, LocalHashingEmbedder, type EmbeddingProvider } from '@/server/ai/embedding';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { Worker } from '@/server/jobs/worker';
import { retrieve } from '@/server/retrieval/search';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, lastAuditEntry, trpcCode, withServiceContext, type Fixture } from '@/test/fixtures';
import { setEmbedderFactoryForTests } from './registry';

/** A hashing embedder of another size under its own model name: a second embedder with no model files or network. */
class SizedHashing implements EmbeddingProvider {
  readonly inner: LocalHashingEmbedder;
  constructor(
    readonly model: string,
    readonly dimensions: number,
  ) {
    this.inner = new LocalHashingEmbedder(dimensions);
  }
  embed(texts: string[]) {
    return this.inner.embed(texts);
  }
}

/** OpenAI-compatible choices named `hash-<n>` are served by SizedHashing; `broken` fails at start. */
const factory = (config: EmbedderConfig, secrets?: { apiKey?: string | null }) => {
  if (config.kind === 'openai-compatible' && config.model === 'broken') throw new Error('The model “broken” does not exist.');
  if (config.kind === 'openai-compatible') return new SizedHashing(config.model, config.dimensions);
  return embedderFor(config, secrets);
};

const hashed = (dimensions: number, model = `hash-${dimensions}`) => ({
  kind: 'openai-compatible' as const,
  baseUrl: 'http://127.0.0.1:9/v1',
  model,
  dimensions,
});

let t: TestDatabase;
let a: Fixture;
let b: Fixture;
const collection: Record<string, string> = {};

async function drain() {
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // drain
  }
}

async function upload(f: Fixture, filename: string, text: string, run = true) {
  const result = await withServiceContext(t.db, asUser(f, 'editor'), (ctx) =>
    uploadDocument(
      ctx,
      { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
      { collectionId: collection[f.tenant.id]!, filename, bytes: new TextEncoder().encode(text), onDuplicate: 'replace' },
    ),
  );
  if (run) await drain();
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

const admin = (f: Fixture) => callerFor(t.db, asUser(f, 'admin')).settings;
const search = (f: Fixture, query: string) =>
  withTenant({ tenantId: f.tenant.id, userId: f.users.viewer.id }, (tx) =>
    retrieve(tx, { tenantId: f.tenant.id, query, subject: { tenantId: f.tenant.id, userId: f.users.viewer.id, apiKeyId: null } }).then(
      (found) => found.chunks,
    ),
  );
const vectorsOf = (f: Fixture) =>
  withTenant({ tenantId: f.tenant.id, seeRestricted: true }, (tx) =>
    tx
      .select({ embedderId: chunkEmbeddings.embedderId, dims: chunkEmbeddings.dims, n: sql<number>`count(*)::int` })
      .from(chunkEmbeddings)
      .groupBy(chunkEmbeddings.embedderId, chunkEmbeddings.dims),
  );

async function newTenant() {
  const f = await createTenantFixture(t.db);
  collection[f.tenant.id] = (
    await callerFor(t.db, asUser(f, 'editor')).collections.create({ name: 'General', description: '', visibility: 'tenant' })
  ).id;
  return f;
}

beforeAll(async () => {
  vi.stubEnv('MODEL_ALLOWED_HOSTS', '127.0.0.1');
  setEmbedderFactoryForTests(factory);
  t = await startTestDatabase();
  a = await newTenant();
  b = await newTenant();
  await upload(a, 'ssh.txt', 'Remote access. The ssh service listens on port 22 for secure shell logins.');
  await upload(a, 'lunch.txt', 'The canteen serves lunch from noon until two in the afternoon.');
  await upload(b, 'backup.txt', 'Backups run nightly and are kept for thirty days in the vault.');
}, 60_000);
afterAll(async () => {
  setEmbedderFactoryForTests(null);
  vi.unstubAllEnvs();
  await t?.stop();
});

describe('one embedder per tenant', () => {
  it('re-embeds in the background with progress, keeps retrieval on the old vectors until the switch, then uses only the new ones', async () => {
    const before = await admin(a).getEmbedder();
    expect(before.active).toMatchObject({ kind: 'local-hash', model: 'local-hash-v1', dimensions: 1536, vectors: 2 });
    expect(before.building).toBeNull();

    const changed = await admin(a).updateEmbedder({ config: hashed(384), apiKey: 'sk-embed-secret' });
    expect(changed.active.model).toBe('local-hash-v1');
    expect(changed.building).toMatchObject({ model: 'hash-384', dimensions: 384, hasApiKey: true, progress: { done: 0, total: 2 } });
    expect(JSON.stringify(changed)).not.toContain('sk-embed-secret');
    const [stored] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx.select().from(embeddingsRegistry).where(eq(embeddingsRegistry.id, changed.building!.id)),
    );
    expect(stored!.apiKeyEncrypted).toMatch(/^v2\./);
    expect(await lastAuditEntry(a, 'settings.embedder_update')).toMatchObject({ resourceId: changed.building!.id });

    // Until the job has run, the question is embedded by the old embedder and compared with its vectors.
    const during = await search(a, 'Which port does ssh use?');
    const top = during.find((r) => r.filename === 'ssh.txt')!;
    const old = new LocalHashingEmbedder();
    const [q, d] = await old.embed(['Which port does ssh use?', top.content]);
    expect(top.similarity).toBeCloseTo(cosineSimilarity(q!, d!), 4);

    await drain();
    const after = await admin(a).getEmbedder();
    expect(after.building).toBeNull();
    expect(after.active).toMatchObject({ id: changed.building!.id, model: 'hash-384', dimensions: 384, vectors: 2 });
    // The old embedder's vectors are gone; every vector is the new one's.
    expect(await vectorsOf(a)).toEqual([{ embedderId: after.active.id, dims: 384, n: 2 }]);
    const [retired] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx.select().from(embeddingsRegistry).where(eq(embeddingsRegistry.id, before.active.id)),
    );
    expect(retired).toMatchObject({ status: 'retired' });
    expect(await lastAuditEntry(a, 'settings.embedder_activated')).toMatchObject({ resourceId: after.active.id, actorType: 'system' });

    const now = await search(a, 'Which port does ssh use?');
    const hit = now.find((r) => r.filename === 'ssh.txt')!;
    const [q2, d2] = await new LocalHashingEmbedder(384).embed(['Which port does ssh use?', hit.content]);
    expect(hit.similarity).toBeCloseTo(cosineSimilarity(q2!, d2!), 4);
  });

  it('keeps vectors of two sizes side by side, each tenant searching only with its own', async () => {
    expect((await admin(b).getEmbedder()).active).toMatchObject({ model: 'local-hash-v1', dimensions: 1536 });
    const ofA = await vectorsOf(a);
    const ofB = await vectorsOf(b);
    expect(ofA.map((r) => r.dims)).toEqual([384]);
    expect(ofB.map((r) => r.dims)).toEqual([1536]);
    const fromB = await search(b, 'How long are backups kept?');
    expect(fromB.map((r) => r.filename)).toEqual(['backup.txt']);
    expect(fromB[0]!.similarity).not.toBeNull();
    // A's search never reaches B's chunks (nor the other way round).
    expect((await search(a, 'How long are backups kept?')).map((r) => r.filename)).not.toContain('backup.txt');
    // A newly uploaded document of A gets a vector of A's embedder only.
    await upload(a, 'vpn.txt', 'The VPN gateway accepts connections on port 1194.');
    expect(await vectorsOf(a)).toEqual([{ embedderId: ofA[0]!.embedderId, dims: 384, n: 3 }]);
  });

  it('uses the index of the active embedder’s size on the vector side', async () => {
    const plan = await withTenant({ tenantId: a.tenant.id }, async (tx) => {
      await tx.execute(sql`select set_config('random_page_cost', '1.1', true), set_config('enable_seqscan', 'off', true)`);
      const [v] = await new LocalHashingEmbedder(384).embed(['port']);
      return tx.execute<{ 'QUERY PLAN': string }>(sql`explain select chunk_id from chunk_embeddings
        where tenant_id = ${a.tenant.id} and dims = 384
        order by embedding::vector(384) <=> ${`[${v!.join(',')}]`}::vector(384) limit 10`);
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('chunk_embeddings_hnsw_384');
  });

  it('never returns a chunk by a vector of a retired embedder', async () => {
    const current = await admin(a).getEmbedder();
    const [retired] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .insert(embeddingsRegistry)
        .values({ tenantId: a.tenant.id, modelName: 'hash-384-old', dims: 384, config: hashed(384), status: 'retired' })
        .returning(),
    );
    const lunch = await withTenant({ tenantId: a.tenant.id, seeRestricted: true }, async (tx) => {
      const [chunk] = await tx
        .select()
        .from(documentChunks)
        .where(sql`${documentChunks.content} like '%canteen%'`);
      // The lunch chunk loses its active vector and gets a retired one identical to the question's.
      await tx
        .delete(chunkEmbeddings)
        .where(and(eq(chunkEmbeddings.chunkId, chunk!.id), eq(chunkEmbeddings.embedderId, current.active.id)));
      const [v] = await new LocalHashingEmbedder(384).embed(['submarine periscope']);
      await tx.insert(chunkEmbeddings).values({
        tenantId: a.tenant.id,
        chunkId: chunk!.id,
        documentId: chunk!.documentId,
        embedderId: retired!.id,
        dims: 384,
        embedding: v!,
      });
      return chunk!;
    });
    const results = await search(a, 'submarine periscope');
    expect(results.map((r) => r.chunkId)).not.toContain(lunch.id);
  });

  it('switches at once for a workspace without chunks, and fails a change that cannot start while the old embedder stays', async () => {
    const empty = await newTenant();
    const switched = await admin(empty).updateEmbedder({ config: hashed(512), apiKey: null });
    expect(switched.building).toBeNull();
    expect(switched.active).toMatchObject({ model: 'hash-512', dimensions: 512, hasApiKey: false });

    const broken = await admin(b).updateEmbedder({ config: hashed(768, 'broken') });
    expect(broken.building).toMatchObject({ model: 'broken' });
    await drain();
    const after = await admin(b).getEmbedder();
    expect(after.building).toBeNull();
    expect(after.active).toMatchObject({ model: 'local-hash-v1', vectors: 1 });
    expect(after.lastFailure).toMatchObject({ error: 'The embedder could not start: The model “broken” does not exist.' });
    expect(await lastAuditEntry(b, 'settings.embedder_failed')).toMatchObject({ status: 'error' });
    expect((await search(b, 'How long are backups kept?'))[0]!.similarity).not.toBeNull();
  });

  it('replaces a change under way with a second one, and cancels it on request', async () => {
    const first = await admin(b).updateEmbedder({ config: hashed(384), apiKey: null });
    const second = await admin(b).updateEmbedder({ config: hashed(1024), apiKey: null });
    expect(second.building).toMatchObject({ model: 'hash-1024' });
    expect(second.building!.id).not.toBe(first.building!.id);
    const cancelled = await admin(b).cancelEmbedderChange();
    expect(cancelled.building).toBeNull();
    expect(cancelled.active.model).toBe('local-hash-v1');
    expect(await lastAuditEntry(b, 'settings.embedder_cancel')).toMatchObject({ resourceId: second.building!.id });
    await drain();
    expect((await admin(b).getEmbedder()).active.model).toBe('local-hash-v1');
    expect(await vectorsOf(b)).toEqual([{ embedderId: cancelled.active.id, dims: 1536, n: 1 }]);
    expect(await trpcCode(admin(b).cancelEmbedderChange())).toBe('BAD_REQUEST');
  });

  it('embeds a document uploaded during a re-embedding with both embedders, so the new one misses nothing', async () => {
    const f = await newTenant();
    await upload(f, 'one.txt', 'Invoices are paid within thirty days.');
    await admin(f).updateEmbedder({ config: hashed(384), apiKey: null });
    // The ingestion runs before the re-embedding job (queued first).
    await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.execute(sql`update processing_jobs set run_after = now() + interval '1 hour' where job_type = 'reembed'`),
    );
    await upload(f, 'two.txt', 'Expenses need a receipt above ten euros.');
    const during = (await vectorsOf(f)).map((r) => [r.dims, r.n]).sort();
    expect(during).toEqual([
      [1536, 2],
      [384, 1],
    ]);
    await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.execute(sql`update processing_jobs set run_after = now() where job_type = 'reembed'`),
    );
    await drain();
    expect((await vectorsOf(f)).map((r) => [r.dims, r.n])).toEqual([[384, 2]]);
  });

  it('refuses more than 2,000 dimensions, an unknown ONNX model and an address on the server’s network, and changes nothing', async () => {
    expect(await trpcCode(admin(b).updateEmbedder({ config: hashed(3072) }))).toBe('BAD_REQUEST');
    expect(await trpcCode(admin(b).updateEmbedder({ config: { kind: 'onnx', model: 'nope' } }))).toBe('BAD_REQUEST');
    vi.stubEnv('MODEL_ALLOWED_HOSTS', '');
    const refused = admin(b).updateEmbedder({ config: hashed(384) });
    await expect(refused).rejects.toThrow(/loopback/);
    vi.stubEnv('MODEL_ALLOWED_HOSTS', '127.0.0.1');
    expect((await admin(b).getEmbedder()).building).toBeNull();
  });

  it('is for settings:manage only, and never shows or changes another workspace’s embedder', async () => {
    expect(await trpcCode(callerFor(t.db, asUser(a, 'viewer')).settings.getEmbedder())).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).settings.updateEmbedder({ config: { kind: 'local-hash' } }))).toBe(
      'FORBIDDEN',
    );
    const ofA = await admin(a).getEmbedder();
    const ofB = await admin(b).getEmbedder();
    expect(ofB.active.id).not.toBe(ofA.active.id);
    expect(JSON.stringify(ofB)).not.toContain(ofA.active.id);
    // B's vectors and registry rows are invisible in A's scope.
    const seen = await withTenant({ tenantId: a.tenant.id, seeRestricted: true }, async (tx) => ({
      vectors: await tx.select().from(chunkEmbeddings).where(eq(chunkEmbeddings.tenantId, b.tenant.id)),
      registry: await tx.select().from(embeddingsRegistry).where(eq(embeddingsRegistry.tenantId, b.tenant.id)),
    }));
    expect(seen).toEqual({ vectors: [], registry: [] });
  });
});
