/**
 * Retrieval benchmark: hybrid retrieval (the chat's) beside a plain full-text query on the same
 * data, at growing corpus sizes, plus time to the first streamed token of an answer.
 * Chunks are generated prose with real local embeddings, inserted into a fresh embedded database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { chatSessions, collections, documents } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { hashPassword } from '@/server/auth/password';
import { resolvePrincipal } from '@/server/auth/principal';
import { runInTenant } from '@/server/auth/boundary';
import { tenantScopeOf } from '@/server/auth/scope';
import type { TenantServiceContext } from '@/server/auth/types';
import { askQuestion } from '@/server/chat/ask';
import { activeEmbedder, providerFor } from '@/server/embeddings/registry';
import { retrieve } from '@/server/retrieval/search';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import { summarize } from './stats';

const SIZES = (process.env.BENCH_RETRIEVAL_SIZES ?? '1000,10000,50000').split(',').map(Number);
const QUERIES = 60;
const SYLLABLES = 'ka lo mi ne ru sa ti vo ze ba de fi go hu ja ke li mo nu pa re si to vu we ya zo'.split(' ');
// A vocabulary of 4,000 made-up words, so that like real text most terms are rare and a few common.
const VOCABULARY = Array.from(
  { length: 4000 },
  (_, i) => SYLLABLES[i % 27]! + SYLLABLES[Math.floor(i / 27) % 27]! + SYLLABLES[Math.floor(i / 729) % 27]!,
);

/** Zipf-like word choice: word rank r is picked with probability about 1/r. */
function word(seed: number): string {
  const x = (((Math.sin(seed * 12.9898) * 43758.5453) % 1) + 1) % 1;
  return VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(Math.exp(x * Math.log(VOCABULARY.length))) - 1)]!;
}

function chunkText(i: number): string {
  return `${Array.from({ length: 60 }, (_, k) => word(i * 61 + k)).join(' ')}.`;
}

/** A question about chunk `i`: four of its words. */
function questionFor(i: number): string {
  const words = chunkText(i).replace('.', '').split(' ');
  return `What about ${words[5]} ${words[17]} ${words[29]} ${words[41]}?`;
}

async function main() {
  // Audit entries pseudonymise actors with a key derived from the server secret: a bench has its own.
  process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-0123456789abcdef0123456789abcdef';
  const started = performance.now();
  const embedded = await startEmbeddedDatabase({});
  process.env.DATABASE_URL = embedded.url;
  process.env.EMBEDDED_DB = '1';
  const db = getDb();
  await runMigrations(db);
  const { tenant, roleIds } = await createTenant(db, { name: 'Bench', slug: 'bench-retrieval' });
  const user = await createActiveUser(db, {
    tenantId: tenant.id,
    email: 'viewer@bench.test',
    fullName: 'Bench',
    hashedPassword: await hashPassword('bench-password-1'),
    roleIds: [roleIds.viewer],
  });
  const [collection] = await withTenant({ tenantId: tenant.id }, (tx) =>
    tx.insert(collections).values({ tenantId: tenant.id, name: 'Corpus' }).returning(),
  );
  // The tenant's active embedder (created from the platform default on first use), as retrieval uses.
  const active = await withTenant({ tenantId: tenant.id }, (tx) => activeEmbedder(tx, tenant.id));
  const embedder = providerFor(active);
  const dims = active.dims!;
  console.log('AgenticOmni retrieval bench (embedded PGlite, pgvector HNSW + full text, local hashing embedder)');

  const results: Array<Record<string, unknown>> = [];
  let inserted = 0;
  let docIndex = 0;
  for (const size of SIZES) {
    const loadStart = performance.now();
    // Bulk load without the HNSW index, then build it once: inserting 1536-dimension vectors into
    // the index one by one costs ~25 ms each on PGlite (WebAssembly).
    await db.execute(sql.raw(`drop index if exists chunk_embeddings_hnsw_${dims}`));
    while (inserted < size) {
      // 250 chunks per document, like a long report.
      const [doc] = await withTenant({ tenantId: tenant.id }, (tx) =>
        tx
          .insert(documents)
          .values({
            tenantId: tenant.id,
            collectionId: collection!.id,
            filename: `doc-${docIndex++}.pdf`,
            storageKey: `${tenant.id}/x`,
            mimeType: 'application/pdf',
            fileType: 'pdf',
            sizeBytes: 1,
            checksumSha256: '0'.repeat(64),
            status: 'completed',
          })
          .returning(),
      );
      const batch = Array.from({ length: Math.min(250, size - inserted) }, (_, k) => inserted + k);
      const vectors = await embedder.embed(batch.map(chunkText));
      await db.execute(sql`
        with t as (
          select * from jsonb_to_recordset(${JSON.stringify(batch.map((i, k) => ({ idx: k, content: chunkText(i), embedding: `[${vectors[k]!.join(',')}]` })))}::jsonb)
            as t(idx int, content text, embedding text)
        ), c as (
          insert into document_chunks (tenant_id, document_id, chunk_index, content, char_start, char_end, page_from, page_to)
          select ${tenant.id}::uuid, ${doc!.id}::uuid, t.idx, t.content, 0, length(t.content), 1, 1 from t
          returning id, chunk_index
        )
        insert into chunk_embeddings (tenant_id, chunk_id, document_id, embedder_id, dims, embedding)
        select ${tenant.id}::uuid, c.id, ${doc!.id}::uuid, ${active.id}::uuid, ${dims}, t.embedding::vector
        from c join t on t.idx = c.chunk_index`);
      inserted += batch.length;
    }
    await db.execute(sql`set maintenance_work_mem = '1GB'`);
    const indexStart = performance.now();
    await db.execute(
      sql.raw(
        `create index chunk_embeddings_hnsw_${dims} on chunk_embeddings using hnsw ((embedding::vector(${dims})) vector_cosine_ops) where dims = ${dims}`,
      ),
    );
    const indexMs = performance.now() - indexStart;
    await db.execute(sql`vacuum analyze document_chunks`);
    await db.execute(sql`vacuum analyze chunk_embeddings`);
    const loadMs = performance.now() - loadStart;
    const hybrid: number[] = [];
    const fullText: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const question = questionFor((q * 7919) % size);
      const scope = { tenantId: tenant.id, userId: user.id };
      let t0 = performance.now();
      await withTenant(scope, (tx) => retrieve(tx, { tenantId: tenant.id, query: question }));
      hybrid.push(performance.now() - t0);
      t0 = performance.now();
      await withTenant(scope, (tx) =>
        tx.execute(sql`select id, content from document_chunks
          where tenant_id = ${tenant.id} and search @@ replace(plainto_tsquery('english', ${question})::text, '&', '|')::tsquery
          order by ts_rank_cd(search, replace(plainto_tsquery('english', ${question})::text, '&', '|')::tsquery) desc limit 6`),
      );
      fullText.push(performance.now() - t0);
    }
    const h = summarize(hybrid);
    const f = summarize(fullText);
    const row = {
      chunks: size,
      loadSeconds: +(loadMs / 1000).toFixed(1),
      indexSeconds: +(indexMs / 1000).toFixed(1),
      hybrid: { p50: +h.p50.toFixed(2), p95: +h.p95.toFixed(2) },
      fullText: { p50: +f.p50.toFixed(2), p95: +f.p95.toFixed(2) },
      ratioP50: +(h.p50 / f.p50).toFixed(2),
    };
    results.push(row);
    console.log(
      `${String(size).padStart(6)} chunks (loaded in ${row.loadSeconds} s, HNSW built in ${row.indexSeconds} s): hybrid p50 ${row.hybrid.p50} ms, p95 ${row.hybrid.p95} ms | full text p50 ${row.fullText.p50} ms, p95 ${row.fullText.p95} ms | ratio p50 ${row.ratioP50}x`,
    );
  }

  // Time to first streamed token, through the chat's own code path (offline extractive model).
  const resolution = await resolvePrincipal(db, { kind: 'user', tenantId: tenant.id, id: user.id });
  if (!resolution.ok) throw new Error('bench user not resolvable');
  const scope = tenantScopeOf(resolution.principal)!;
  const inTenant = <T>(fn: (ctx: TenantServiceContext) => Promise<T>) =>
    runInTenant(
      scope,
      { rootDb: db, meta: { ip: null, userAgent: 'bench', correlationId: null }, action: 'bench.ask', mutation: false },
      fn,
    );
  const ttft: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [session] = await withTenant({ tenantId: tenant.id, userId: user.id }, (tx) =>
      tx.insert(chatSessions).values({ tenantId: tenant.id, userId: user.id }).returning(),
    );
    const t0 = performance.now();
    let first = 0;
    for await (const event of askQuestion(inTenant, { sessionId: session!.id, question: questionFor(i * 31) })) {
      if (event.type === 'delta' && !first) first = performance.now() - t0;
    }
    ttft.push(first);
    total.push(performance.now() - t0);
  }
  const tt = summarize(ttft);
  const tl = summarize(total);
  console.log(
    `\nTime to first streamed token (extractive model, ${SIZES.at(-1)} chunks): p50 ${tt.p50.toFixed(1)} ms, p95 ${tt.p95.toFixed(1)} ms; whole answer p50 ${tl.p50.toFixed(1)} ms`,
  );
  const out = path.join(process.cwd(), 'bench', 'results', 'retrieval.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ sizes: results, ttft: { p50: tt.p50, p95: tt.p95 }, answer: { p50: tl.p50 } }, null, 2));
  console.log(`Total ${((performance.now() - started) / 1000).toFixed(1)} s. JSON: bench/results/retrieval.json`);
  await closeDb();
  await embedded.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
