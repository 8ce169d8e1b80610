import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections, documents } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { activeEmbedder, providerFor } from '@/server/embeddings/registry';
import { isNativePostgres, startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture, type Fixture } from '@/test/fixtures';
import { retrieve, searchChunks, textEngine, type TextEngine } from './search';

/**
 * The full-text side under RLS: a BM25 index (or the GIN tiers) ranks chunks of every tenant and
 * every document, and the policies drop the rows the user may not read above the index scan.
 * What is dropped must never come back, and must not starve what remains of its top k. The
 * chunks here have no embeddings, so whatever is found was found by the text side.
 */
let t: TestDatabase;
let big: Fixture;
let small: Fixture;
let shared: Fixture;
const docs = { big: '', small: '', open: '', restricted: '' };

async function addDocument(f: Fixture, visibility: 'tenant' | 'restricted', filename: string) {
  return withTenant({ tenantId: f.tenant.id, userId: f.users.editor.id }, async (tx) => {
    const [collection] = await tx.insert(collections).values({ tenantId: f.tenant.id, name: filename }).returning();
    const [doc] = await tx
      .insert(documents)
      .values({
        tenantId: f.tenant.id,
        collectionId: collection!.id,
        filename,
        storageKey: `${f.tenant.id}/${filename}`,
        mimeType: 'text/plain',
        fileType: 'txt',
        sizeBytes: 1,
        checksumSha256: 'c'.repeat(64),
        status: 'completed',
        visibility,
        uploadedBy: f.users.editor.id,
      })
      .returning();
    return doc!.id;
  });
}

/** `count` chunks of `content` (numbered), written directly as the owner: fast enough for thousands. */
async function addChunks(f: Fixture, documentId: string, count: number, content: string) {
  await t.db.execute(sql`
    insert into document_chunks (tenant_id, document_id, chunk_index, content, char_start, char_end)
    select ${f.tenant.id}::uuid, ${documentId}::uuid, g, ${content} || ' ' || g, 0, 10 from generate_series(0, ${count - 1}) g`);
  await t.db.execute(sql`analyze document_chunks`);
}

beforeAll(async () => {
  t = await startTestDatabase();
  [big, small, shared] = [await createTenantFixture(t.db), await createTenantFixture(t.db), await createTenantFixture(t.db)];
  docs.big = await addDocument(big, 'tenant', 'big.txt');
  docs.small = await addDocument(small, 'tenant', 'small.txt');
  docs.open = await addDocument(shared, 'tenant', 'open.txt');
  docs.restricted = await addDocument(shared, 'restricted', 'salaries.txt');
  // The big tenant's chunks repeat the question's words: globally they outrank every other chunk.
  await addChunks(big, docs.big, 5000, 'quarterly revenue quarterly revenue forecast');
  await addChunks(small, docs.small, 5, 'the quarterly revenue of the small shop');
  await addChunks(shared, docs.restricted, 497, 'quarterly revenue quarterly revenue salaries');
  await addChunks(shared, docs.open, 3, 'quarterly revenue of the handbook');
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

async function search(f: Fixture, role: 'editor' | 'viewer', engine: TextEngine, query = 'quarterly revenue') {
  return withTenant({ tenantId: f.tenant.id, userId: f.users[role].id }, async (tx) => {
    const active = await activeEmbedder(tx, f.tenant.id);
    const [vector] = await providerFor(active).embed([query]);
    return searchChunks(tx, {
      tenantId: f.tenant.id,
      query,
      embedding: vector!,
      embedderId: active.id,
      dims: active.dims!,
      textEngine: engine,
    });
  });
}

describe('retrieval text engine', () => {
  it('uses BM25 where the database has pg_textsearch, ts_rank over GIN elsewhere', async () => {
    const engine = await withTenant({ tenantId: small.tenant.id }, (tx) => textEngine(tx));
    expect(engine).toBe(isNativePostgres() ? 'gin' : 'bm25');
    const found = await withTenant({ tenantId: small.tenant.id, userId: small.users.viewer.id }, (tx) =>
      retrieve(tx, { tenantId: small.tenant.id, query: 'What was the quarterly revenue?' }),
    );
    expect(found.relevanceFloor).toBe(0.12);
    expect(found.chunks.map((c) => c.documentId)).toEqual(Array(5).fill(docs.small));
  });
});

// The GIN path works on any PostgreSQL; BM25 only where the index exists (PGlite).
describe.each(isNativePostgres() ? (['gin'] as const) : (['bm25', 'gin'] as const))('full text with %s', (engine) => {
  it('gives a tenant with 5 chunks all of them beside a tenant with 5,000 that match better', async () => {
    const found = await search(small, 'viewer', engine);
    expect(found).toHaveLength(5);
    expect(found.every((c) => c.documentId === docs.small && c.textMatch)).toBe(true);
    const theirs = await search(big, 'viewer', engine);
    expect(theirs).toHaveLength(6);
    expect(theirs.every((c) => c.documentId === docs.big)).toBe(true);
  });

  it('gives a user who may read 3 of 500 chunks those 3, never a restricted one', async () => {
    const found = await search(shared, 'viewer', engine);
    expect(found.map((c) => c.documentId)).toEqual([docs.open, docs.open, docs.open]);
    expect(found.every((c) => c.textMatch)).toBe(true);
    // The uploader reads both documents: the restricted chunks match better and come first.
    const uploader = await search(shared, 'editor', engine);
    expect(uploader).toHaveLength(6);
    expect(uploader.every((c) => c.documentId === docs.restricted)).toBe(true);
  });

  it('finds nothing for a question of stop words or of words no chunk has', async () => {
    expect(await search(small, 'viewer', engine, 'what is the')).toEqual([]);
    expect(await search(small, 'viewer', engine, 'zeppelin')).toEqual([]);
  });
});
