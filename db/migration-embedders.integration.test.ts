import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';
import { MIGRATIONS_FOLDER } from './migrate';

/**
 * The migration that moved vectors out of document_chunks, run on a database that has some: the
 * migrations before it, rows written as the earlier schema had them, then the rest.
 */
type Journal = { entries: Array<{ idx: number; tag: string }> };

let embedded: EmbeddedDatabase;
let client: ReturnType<typeof createClient>;
let before: string;
const ids = { a: '', b: '', chunk: '', registry: '' };

const unit = (n: number) => {
  const v = new Array<number>(1536).fill(0);
  v[n] = 1;
  return `[${v.join(',')}]`;
};

beforeAll(async () => {
  before = mkdtempSync(path.join(tmpdir(), 'migrations-before-'));
  cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(before, 'meta/_journal.json'), 'utf8')) as Journal;
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('tenant-embedders'));
  expect(cut).toBeGreaterThan(0);
  writeFileSync(path.join(before, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));

  embedded = await startEmbeddedDatabase({});
  client = createClient(embedded.url, 1);
  const { db } = client;
  await migrate(db, { migrationsFolder: before });
  const [a] = await db.execute<{ id: string }>(sql`insert into tenants (name, slug) values ('A', 'mig-a') returning id`);
  const [b] = await db.execute<{ id: string }>(sql`insert into tenants (name, slug) values ('B', 'mig-b') returning id`);
  ids.a = a!.id;
  ids.b = b!.id;
  const [c] = await db.execute<{ id: string }>(sql`insert into collections (tenant_id, name) values (${ids.a}, 'General') returning id`);
  const [d] = await db.execute<{ id: string }>(sql`
    insert into documents (tenant_id, collection_id, filename, storage_key, mime_type, file_type, size_bytes, checksum_sha256, status)
    values (${ids.a}, ${c!.id}, 'a.txt', 'k/a', 'text/plain', 'txt', 1, ${'a'.repeat(64)}, 'completed') returning id`);
  const chunks = await db.execute<{ id: string }>(sql`
    insert into document_chunks (tenant_id, document_id, chunk_index, content, embedding, char_start, char_end)
    values (${ids.a}, ${d!.id}, 0, 'ssh listens on port 22', ${unit(3)}::vector, 0, 22),
      (${ids.a}, ${d!.id}, 1, 'no vector yet', null, 22, 35)
    returning id`);
  ids.chunk = chunks[0]!.id;
  const [r] = await db.execute<{ id: string }>(sql`
    insert into embeddings_registry (tenant_id, model_name, dims) values (${ids.a}, 'local-hash-v1', 1536) returning id`);
  ids.registry = r!.id;
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}, 120_000);

afterAll(async () => {
  await client?.sql.end({ timeout: 5 });
  await embedded?.stop();
  rmSync(before, { recursive: true, force: true });
});

describe('migration tenant-embedders', () => {
  it('moves every vector under the tenant’s local-hash row, which becomes active', async () => {
    const rows = await client.db.execute<{ chunk_id: string; embedder_id: string; dims: number; first: number }>(
      sql`select chunk_id, embedder_id, dims, (embedding::real[])[4] as first from chunk_embeddings where tenant_id = ${ids.a}`,
    );
    expect(rows).toEqual([{ chunk_id: ids.chunk, embedder_id: ids.registry, dims: 1536, first: 1 }]);
    const [registry] = await client.db.execute(
      sql`select status, config, version, dims, activated_at is not null as activated from embeddings_registry where id = ${ids.registry}`,
    );
    expect(registry).toEqual({ status: 'active', config: { kind: 'local-hash' }, version: '1', dims: 1536, activated: true });
  });

  it('gives every other tenant an active local-hash row, and leaves no vector column on document_chunks', async () => {
    const rows = await client.db.execute(sql`select model_name, status, dims from embeddings_registry where tenant_id = ${ids.b}`);
    expect(rows).toEqual([{ model_name: 'local-hash-v1', status: 'active', dims: 1536 }]);
    const columns = await client.db.execute(
      sql`select column_name from information_schema.columns where table_name = 'document_chunks' and column_name = 'embedding'`,
    );
    expect(columns).toEqual([]);
    const [nearest] = await client.db.execute<{ chunk_id: string }>(sql`
      select chunk_id from chunk_embeddings where dims = 1536 order by embedding::vector(1536) <=> ${unit(3)}::vector(1536) limit 1`);
    expect(nearest!.chunk_id).toBe(ids.chunk);
  });
});
