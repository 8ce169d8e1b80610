/**
 * Retrieval benchmark: hybrid retrieval (the chat's) beside the previous hybrid statement and a
 * plain full-text query on the same data, at growing corpus sizes, plus time to the first
 * streamed token of an answer. Chunks are generated prose with real local embeddings, inserted
 * into a fresh embedded database (PGlite), or with BENCH_DATABASE_URL (a PostgreSQL server whose
 * role may create databases) into a fresh database `agenticomni_bench_retrieval` on that server.
 *
 *   BENCH_RETRIEVAL_SIZES=10000,50000 npx tsx --conditions=react-server bench/retrieval.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/console BENCH_RETRIEVAL_SIZES=200000 npx tsx --conditions=react-server bench/retrieval.ts
 *
 * BENCH_RETRIEVAL_QUERIES sets how many questions are timed (200). BENCH_EXPLAIN=1 prints the plan of the hybrid statement (EXPLAIN ANALYZE) at each size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { startEmbeddedDatabase } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { chatSessions, collections, documents } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import type { Tx } from '@/db/client';
import { activeEmbedder, providerFor } from '@/server/embeddings/registry';
import { hashPassword } from '@/server/auth/password';
import { resolvePrincipal } from '@/server/auth/principal';
import { runInTenant } from '@/server/auth/boundary';
import { tenantScopeOf } from '@/server/auth/scope';
import type { TenantServiceContext } from '@/server/auth/types';
import { askQuestion } from '@/server/chat/ask';
import { ginCandidates, searchChunks, textEngine, type TextEngine } from '@/server/retrieval/search';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import { createDatabase, databaseUrlFor, dropDatabase } from '@/test/native';
import { summarize } from './stats';

const NATIVE = process.env.BENCH_DATABASE_URL || undefined;
const NATIVE_DATABASE = 'agenticomni_bench_retrieval';
const SIZES = (process.env.BENCH_RETRIEVAL_SIZES ?? (NATIVE ? '200000' : '1000,10000,50000')).split(',').map(Number);
const QUERIES = Number(process.env.BENCH_RETRIEVAL_QUERIES ?? 200);
/** Unmeasured queries first: each variant plans and prepares its statements and warms its pages. */
const WARMUP = 10;
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

/** The hybrid statement before BM25 and the prepared plan (commit bda019b), for comparison. */
async function previousHybrid(tx: Tx, tenantId: string, query: string, vector: string, dims: number) {
  await tx.execute(
    sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '40', true),
      set_config('random_page_cost', '1.1', true)`,
  );
  return tx.execute(sql`
    with q as (select nullif(replace(plainto_tsquery('english', ${query})::text, '&', '|'), '')::tsquery as tsq),
    vec as (
      select c.chunk_id as id, c.embedding::vector(${sql.raw(String(dims))}) <=> ${vector}::vector as distance from chunk_embeddings c
      where c.tenant_id = ${tenantId} and c.dims = ${sql.raw(String(dims))}
      order by c.embedding::vector(${sql.raw(String(dims))}) <=> ${vector}::vector limit 40
    ),
    vec_ranked as (select id, distance, row_number() over (order by distance, id) as rank from vec),
    txt as (
      select c.id, ts_rank(c.search, q.tsq) as text_rank from document_chunks c, q
      where q.tsq is not null and c.tenant_id = ${tenantId} and c.search @@ q.tsq
      order by text_rank desc limit 40
    ),
    txt_ranked as (select id, text_rank, row_number() over (order by text_rank desc, id) as rank from txt),
    ids as (select id from vec union select id from txt),
    fused as (
      select i.id, coalesce(1::float8 / (60 + v.rank), 0) + coalesce(1::float8 / (60 + t.rank), 0) as score,
        v.distance, t.text_rank
      from ids i left join vec_ranked v on v.id = i.id left join txt_ranked t on t.id = i.id
    )
    select c.id as chunk_id, c.document_id, d.filename, d.collection_id, c.content, c.page_from, c.page_to,
      c.section, c.char_start, c.char_end, f.score, f.distance, f.text_rank
    from fused f join document_chunks c on c.id = f.id join documents d on d.id = c.document_id
    where d.status = 'completed' and d.deleted_at is null
    order by f.score desc, f.distance asc nulls last, c.id limit 6`);
}

/** The vector side of the hybrid statement alone, with its settings. */
async function vectorSide(tx: Tx, tenantId: string, vector: string, dims: number) {
  await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '40', true),
    set_config('random_page_cost', '1.1', true)`);
  const typed = sql.raw(`vector(${dims})`);
  return tx.execute(sql`select c.chunk_id from chunk_embeddings c
    where c.tenant_id = ${tenantId} and c.dims = ${dims}
    order by c.embedding::${typed} <=> ${vector}::${typed} limit 40`);
}

/** A plain full-text query: any term, ranked by cover density, no vectors. */
function fullText(tx: Tx, tenantId: string, question: string) {
  return tx.execute(sql`select id, content from document_chunks
    where tenant_id = ${tenantId} and search @@ replace(plainto_tsquery('english', ${question})::text, '&', '|')::tsquery
    order by ts_rank_cd(search, replace(plainto_tsquery('english', ${question})::text, '&', '|')::tsquery) desc limit 6`);
}

type Variant = { label: string; run: (tx: Tx, question: string) => Promise<unknown> };
const fmt = (n: number) => n.toFixed(1);

/** A fresh database: an embedded PGlite, or one on the PostgreSQL server of BENCH_DATABASE_URL. */
async function openDatabase(): Promise<{ label: string; stop: () => Promise<void> }> {
  if (NATIVE) {
    await dropDatabase(NATIVE, NATIVE_DATABASE);
    await createDatabase(NATIVE, NATIVE_DATABASE);
    process.env.DATABASE_URL = databaseUrlFor(NATIVE, NATIVE_DATABASE);
    delete process.env.EMBEDDED_DB;
    const [version] = await getDb().execute<{ v: string }>(sql`select current_setting('server_version') as v`);
    return { label: `native PostgreSQL ${version!.v}`, stop: () => dropDatabase(NATIVE, NATIVE_DATABASE) };
  }
  const embedded = await startEmbeddedDatabase({});
  process.env.DATABASE_URL = embedded.url;
  process.env.EMBEDDED_DB = '1';
  return { label: 'embedded PGlite', stop: () => embedded.stop() };
}

async function main() {
  // Audit entries pseudonymise actors with a key derived from the server secret: a bench has its own.
  process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-0123456789abcdef0123456789abcdef';
  // The corpus is made-up words, which carry no meaning for a sentence encoder, and embedding 50k
  // chunks with it would take hours: the tenant hashes (bench/embedders.ts times the encoders).
  process.env.DEFAULT_EMBEDDER ??= 'local-hash';
  const started = performance.now();
  const database = await openDatabase();
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
  const engine = await withTenant({ tenantId: tenant.id }, (tx) => textEngine(tx));
  console.log(
    `AgenticOmni retrieval bench (${database.label}, pgvector HNSW + full text by ${engine === 'bm25' ? 'BM25 (pg_textsearch)' : 'GIN tiers and ts_rank'}, local hashing embedder)`,
  );
  const embed = async (question: string) => (await embedder.embed([question]))[0]!;
  const search = (tx: Tx, question: string, options: { textEngine?: TextEngine; genericPlan?: boolean }) =>
    embed(question).then((embedding) =>
      searchChunks(tx, { tenantId: tenant.id, query: question, embedding, embedderId: active.id, dims, ...options }),
    );
  const variants: Variant[] = [
    { label: 'hybrid (new)', run: (tx, q) => search(tx, q, {}) },
    { label: 'hybrid, prepared generic plan', run: (tx, q) => search(tx, q, { genericPlan: true }) },
    ...(engine === 'bm25'
      ? [{ label: 'hybrid, GIN tiers (native path)', run: (tx: Tx, q: string) => search(tx, q, { textEngine: 'gin' }) }]
      : []),
    // Each side alone, to see where the time of a hybrid query goes.
    {
      label: 'text side alone (GIN tiers)',
      run: (tx, q) => ginCandidates(tx, { tenantId: tenant.id, query: q, scoped: false, limit: 40 }),
    },
    { label: 'vector side alone (HNSW)', run: async (tx, q) => vectorSide(tx, tenant.id, `[${(await embed(q)).join(',')}]`, dims) },
    { label: 'previous hybrid (bda019b)', run: async (tx, q) => previousHybrid(tx, tenant.id, q, `[${(await embed(q)).join(',')}]`, dims) },
    { label: 'plain full text', run: (tx, q) => fullText(tx, tenant.id, q) },
  ];

  const results: Array<{ chunks: number; variants: Record<string, { p50: number; p95: number }> }> = [];
  let inserted = 0;
  let docIndex = 0;
  for (const size of SIZES) {
    const loadStart = performance.now();
    // Bulk load without the HNSW index, then build it once: inserting 1536-dimension vectors into
    // the index one by one costs ~25 ms each on PGlite (WebAssembly).
    await db.execute(sql.raw(`drop index if exists chunk_embeddings_hnsw_${dims}`));
    if (engine === 'bm25') await db.execute(sql`drop index if exists document_chunks_content_bm25`);
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
    // PGlite is a 32-bit engine: 1 GB is as high as it goes.
    await db.execute(sql.raw(`set maintenance_work_mem = '${NATIVE ? '2GB' : '1GB'}'`));
    const indexStart = performance.now();
    await db.execute(
      sql.raw(
        `create index chunk_embeddings_hnsw_${dims} on chunk_embeddings using hnsw ((embedding::vector(${dims})) vector_cosine_ops) where dims = ${dims}`,
      ),
    );
    const indexMs = performance.now() - indexStart;
    const bm25Start = performance.now();
    if (engine === 'bm25') {
      await db.execute(
        sql`create index document_chunks_content_bm25 on document_chunks using bm25 (content) with (text_config = 'english')`,
      );
    }
    const bm25Ms = performance.now() - bm25Start;
    await db.execute(sql`vacuum analyze document_chunks`);
    await db.execute(sql`vacuum analyze chunk_embeddings`);
    const loadMs = performance.now() - loadStart;
    const [sizes] = await db.execute<{ hnsw: number; table: number }>(
      sql`select pg_relation_size(${`chunk_embeddings_hnsw_${dims}`})::float8 as hnsw,
        pg_total_relation_size('document_chunks')::float8 as "table"`,
    );
    const scope = { tenantId: tenant.id, userId: user.id };
    if (process.env.BENCH_EXPLAIN === '1') {
      const plan = await withTenant(scope, async (tx) => {
        await searchChunks(tx, {
          tenantId: tenant.id,
          query: questionFor(1),
          embedding: await embed(questionFor(1)),
          embedderId: active.id,
          dims,
          // Prepared, so that the plan can be shown by name (with the settings this query left).
          genericPlan: true,
        });
        const [prepared] = await tx.execute<{ name: string }>(
          sql`select name from pg_prepared_statements where name like ${`retrieval_${engine}_%`}`,
        );
        return tx.execute<{ 'QUERY PLAN': string }>(sql.raw(`explain (analyze, buffers) execute ${prepared!.name}`));
      });
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
    console.log(`${size} chunks loaded and indexed; timing ${QUERIES} questions on each of ${variants.length} variants…`);
    const samples = variants.map(() => [] as number[]);
    for (let w = 0; w < WARMUP; w++) {
      for (const variant of variants) await withTenant(scope, (tx) => variant.run(tx, questionFor((w * 104729 + 13) % size)));
    }
    for (let q = 0; q < QUERIES; q++) {
      const question = questionFor((q * 7919) % size);
      // Interleaved, so that whatever else the machine does weighs on every variant alike, and
      // each variant in turn goes first: the first query of a question reads its pages into
      // PostgreSQL's buffers (7 ms more at 200k chunks with 256 MB of them), the others find them.
      for (let k = 0; k < variants.length; k++) {
        const i = (k + q) % variants.length;
        const variant = variants[i]!;
        const t0 = performance.now();
        await withTenant(scope, (tx) => variant.run(tx, question));
        samples[i]!.push(performance.now() - t0);
      }
    }
    const stats = samples.map(summarize);
    const row = {
      chunks: size,
      loadSeconds: +(loadMs / 1000).toFixed(1),
      hnswSeconds: +(indexMs / 1000).toFixed(1),
      bm25Seconds: +(bm25Ms / 1000).toFixed(1),
      hnswMB: Math.round(sizes!.hnsw / 2 ** 20),
      tableMB: Math.round(sizes!.table / 2 ** 20),
      variants: Object.fromEntries(variants.map((v, i) => [v.label, { p50: +stats[i]!.p50.toFixed(2), p95: +stats[i]!.p95.toFixed(2) }])),
    };
    results.push(row);
    console.log(
      `\n${size} chunks (loaded in ${row.loadSeconds} s; HNSW built in ${row.hnswSeconds} s${engine === 'bm25' ? `, BM25 in ${row.bm25Seconds} s` : ''}; HNSW index ${row.hnswMB} MB, table with its indexes ${row.tableMB} MB), ${QUERIES} queries, ms:`,
    );
    const [hybrid] = stats;
    for (const [i, variant] of variants.entries()) {
      const s = stats[i]!;
      const ratio = i === 0 ? '' : `  new is ${fmt(s.p50 / hybrid!.p50)}x faster at p50, ${fmt(s.p95 / hybrid!.p95)}x at p95`;
      console.log(`  ${variant.label.padEnd(34)} p50 ${fmt(s.p50).padStart(7)}  p95 ${fmt(s.p95).padStart(7)}${ratio}`);
    }
  }
  if (results.length > 1) {
    const first = results[0]!;
    const last = results.at(-1)!;
    const p50 = (row: (typeof results)[number]) => row.variants['hybrid (new)']!.p50;
    console.log(
      `\nGrowth ${first.chunks} -> ${last.chunks} chunks (${fmt(last.chunks / first.chunks)}x the data): hybrid (new) p50 ${fmt(p50(last) / p50(first))}x`,
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
  const out = path.join(process.cwd(), 'bench', 'results', NATIVE ? 'retrieval-native.json' : 'retrieval.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      { database: database.label, textEngine: engine, sizes: results, ttft: { p50: tt.p50, p95: tt.p95 }, answer: { p50: tl.p50 } },
      null,
      2,
    ),
  );
  console.log(`Total ${((performance.now() - started) / 1000).toFixed(1)} s. JSON: ${path.relative(process.cwd(), out)}`);
  await closeDb();
  await database.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
