import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { sqlState } from '@/test/pg-error';
import { createTenantFixture, type Fixture } from '@/test/fixtures';
import { chunkEmbeddings, collections, documentChunks, documents, embeddingsRegistry, EMBEDDING_DIMENSIONS, permissions } from './schema';
import { withTenant } from './tenant';

/**
 * Restricted collections and documents under RLS: a user without access never sees the
 * document, its chunks or its name, whatever query they run.
 */
let t: TestDatabase;
let f: Fixture;
let open: { collection: string; doc: string; restrictedDoc: string };
let closed: { collection: string; doc: string };

const vec = (n: number) => {
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  v[n] = 1;
  return `[${v.join(',')}]`;
};

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  const tenantId = f.tenant.id;
  // Written by the editor (the uploader), as the app would.
  const ids = await withTenant({ tenantId, userId: f.users.editor.id }, async (tx) => {
    const doc = (collectionId: string, filename: string, visibility: 'tenant' | 'restricted' = 'tenant') =>
      tx
        .insert(documents)
        .values({
          tenantId,
          collectionId,
          filename,
          storageKey: `${tenantId}/${filename}`,
          mimeType: 'text/plain',
          fileType: 'txt',
          sizeBytes: 1,
          checksumSha256: 'b'.repeat(64),
          visibility,
          uploadedBy: f.users.editor.id,
        })
        .returning()
        .then((r) => r[0]!.id);
    const [general] = await tx.insert(collections).values({ tenantId, name: 'General', createdBy: f.users.editor.id }).returning();
    const [board] = await tx
      .insert(collections)
      .values({ tenantId, name: 'Board only', visibility: 'restricted', createdBy: f.users.editor.id })
      .returning();
    const ids = {
      open: {
        collection: general!.id,
        doc: await doc(general!.id, 'handbook.txt'),
        restrictedDoc: await doc(general!.id, 'salaries.txt', 'restricted'),
      },
      closed: { collection: board!.id, doc: await doc(board!.id, 'merger-plan.txt') },
    };
    const [embedder] = await tx
      .insert(embeddingsRegistry)
      .values({ tenantId, modelName: 'local-hash-v1', dims: EMBEDDING_DIMENSIONS, config: { kind: 'local-hash' }, status: 'active' })
      .returning();
    for (const [i, documentId] of [ids.open.doc, ids.open.restrictedDoc, ids.closed.doc].entries()) {
      const [chunk] = await tx
        .insert(documentChunks)
        .values({ tenantId, documentId, chunkIndex: 0, content: `secret chunk ${i} merger`, charStart: 0, charEnd: 10 })
        .returning();
      await tx.insert(chunkEmbeddings).values({
        tenantId,
        chunkId: chunk!.id,
        documentId,
        embedderId: embedder!.id,
        dims: EMBEDDING_DIMENSIONS,
        embedding: JSON.parse(vec(i)) as number[],
      });
    }
    return ids;
  });
  open = ids.open;
  closed = ids.closed;
});
afterAll(async () => {
  await t?.stop();
});

const asViewer = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: f.tenant.id, userId: f.users.viewer.id }, fn);

async function visible(scope: { userId: string; seeRestricted?: boolean }) {
  return withTenant({ tenantId: f.tenant.id, ...scope }, async (tx) => ({
    collections: (await tx.select({ name: collections.name }).from(collections)).map((r) => r.name).sort(),
    documents: (await tx.select({ name: documents.filename }).from(documents)).map((r) => r.name).sort(),
    chunks: (await tx.select({ id: documentChunks.documentId }).from(documentChunks)).length,
    vectors: (await tx.select({ id: chunkEmbeddings.documentId }).from(chunkEmbeddings)).length,
    // A nearest-neighbour search over every chunk, as retrieval does.
    nearest: (
      await tx.execute<{ document_id: string }>(
        sql`select document_id from chunk_embeddings where dims = 1536
          order by embedding::vector(1536) <=> ${vec(2)}::vector(1536) limit 10`,
      )
    ).map((r) => r.document_id),
    fullText: (
      await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from document_chunks where search @@ plainto_tsquery('english', 'merger')`,
      )
    )[0]!.n,
  }));
}

describe('restricted collections and documents', () => {
  it('are invisible to a viewer without a grant: no name, no chunk, no search hit', async () => {
    const seen = await visible({ userId: f.users.viewer.id });
    expect(seen.collections).toEqual(['General']);
    expect(seen.documents).toEqual(['handbook.txt']);
    expect(seen.chunks).toBe(1);
    expect(seen.vectors).toBe(1);
    expect(seen.nearest).toEqual([open.doc]);
    expect(seen.fullText).toBe(1);
  });

  it('appear for the uploader, for holders of users:manage, and for a granted user', async () => {
    expect((await visible({ userId: f.users.editor.id })).documents).toEqual(['handbook.txt', 'merger-plan.txt', 'salaries.txt']);
    expect((await visible({ userId: f.users.admin.id, seeRestricted: true })).chunks).toBe(3);
    await withTenant({ tenantId: f.tenant.id, seeRestricted: true }, (tx) =>
      tx.insert(permissions).values([
        { tenantId: f.tenant.id, userId: f.users.viewer.id, resourceType: 'collection', resourceId: closed.collection, level: 'read' },
        { tenantId: f.tenant.id, userId: f.users.viewer.id, resourceType: 'document', resourceId: open.restrictedDoc, level: 'read' },
      ]),
    );
    const granted = await visible({ userId: f.users.viewer.id });
    expect(granted.documents).toEqual(['handbook.txt', 'merger-plan.txt', 'salaries.txt']);
    expect(granted.nearest).toHaveLength(3);
    await withTenant({ tenantId: f.tenant.id, seeRestricted: true }, (tx) => tx.delete(permissions));
    expect((await visible({ userId: f.users.viewer.id })).documents).toEqual(['handbook.txt']);
  });

  it('cannot be written into, renamed or deleted without access', async () => {
    const code = await sqlState(
      asViewer((tx) =>
        tx.insert(documents).values({
          tenantId: f.tenant.id,
          collectionId: closed.collection,
          filename: 'x.txt',
          storageKey: 'k',
          mimeType: 'text/plain',
          fileType: 'txt',
          sizeBytes: 1,
          checksumSha256: 'c'.repeat(64),
        }),
      ),
    );
    expect(code).toBe('42501');
    const touched = await asViewer(async (tx) => {
      const a = await tx.execute(sql`update documents set filename = 'pwned' where id = ${closed.doc} returning 1`);
      const b = await tx.execute(sql`delete from document_chunks where document_id = ${open.restrictedDoc} returning 1`);
      return a.length + b.length;
    });
    expect(touched).toBe(0);
    expect((await visible({ userId: f.users.editor.id })).documents).toContain('merger-plan.txt');
  });
});
