import 'server-only';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { RetrievalConfig } from '@/db/schema';
import { relevanceFloor } from '@/server/ai/embedders';
import { activeEmbedder, embedChecked, providerFor, vectorLiteral } from '@/server/embeddings/registry';
import { countTokens } from '@/server/documents/chunk';
import { recordUsage, scopeSubject, type UsageSubject } from '@/server/usage/meter';

export const DEFAULT_RETRIEVAL: Required<RetrievalConfig> = {
  topK: 6,
  candidates: 40,
  vectorWeight: 1,
  textWeight: 1,
  rrfK: 60,
};

export type RetrievedChunk = {
  chunkId: string;
  documentId: string;
  filename: string;
  collectionId: string;
  content: string;
  pageFrom: number | null;
  pageTo: number | null;
  section: string | null;
  charStart: number;
  charEnd: number;
  /** Fused score (reciprocal rank fusion). */
  score: number;
  /** Cosine similarity to the query, when the chunk came from the vector side. */
  similarity: number | null;
  /** Whether full-text search matched it too. */
  textMatch: boolean;
};

type Row = {
  chunk_id: string;
  document_id: string;
  filename: string;
  collection_id: string;
  content: string;
  page_from: number | null;
  page_to: number | null;
  section: string | null;
  char_start: number;
  char_end: number;
  score: number;
  distance: number | null;
  text_rank: number | null;
  [key: string]: unknown;
};

/** How the full-text side ranks: see `textEngine`. */
export type TextEngine = 'bm25' | 'gin';

/** Created by drizzle/0038_bm25.sql where the engine has pg_textsearch. */
const BM25_INDEX = 'document_chunks_content_bm25';
/** The GIN path ranks at most this many matches per tier, so a common word never ranks them all. */
const GIN_TIER_ROWS = 500;
/** Tiers "at least m of the n terms" are OR-ed conjunctions: beyond this many the tier is skipped. */
const GIN_MAX_CONJUNCTIONS = 64;

const engines = new Map<string, Promise<TextEngine>>();

/**
 * The best full-text ranking the database offers, looked up once per database: BM25 top-k from
 * the pg_textsearch index (PGlite), else ts_rank over GIN matches (a stock PostgreSQL).
 */
export function textEngine(tx: Tx): Promise<TextEngine> {
  const key = process.env.DATABASE_URL ?? '';
  let engine = engines.get(key);
  if (!engine) {
    engine = tx
      .execute<{ found: boolean }>(sql`select exists (select 1 from pg_class where relname = ${BM25_INDEX} and relkind = 'i') as found`)
      .then(([row]) => (row?.found ? 'bm25' : 'gin'));
    engines.set(key, engine);
    engine.catch(() => engines.delete(key));
  }
  return engine;
}

/**
 * Hybrid retrieval inside the caller's tenant transaction, so RLS applies: a restricted
 * document the user may not read is never a candidate. pgvector cosine search (HNSW with
 * iterative scans, so filtering by tenant and collection does not starve the top k) and
 * full-text search (any query term; BM25 where the database has it) are fused by reciprocal
 * rank. Embedding the query is metered in the same transaction, against `subject` (by default
 * the person the transaction is scoped to).
 */
export async function retrieve(
  tx: Tx,
  input: { tenantId: string; query: string; collectionIds?: string[]; config?: RetrievalConfig; subject?: UsageSubject },
): Promise<{ chunks: RetrievedChunk[]; relevanceFloor: number }> {
  const query = input.query.trim();
  if (!query) return { chunks: [], relevanceFloor: 0 };
  // Only the tenant's active embedder: its vectors are the only ones searched, and the question
  // is embedded by the same model (vectors of different embedders are never compared).
  const active = await activeEmbedder(tx, input.tenantId);
  const embedder = providerFor(active);
  const dims = active.dims!;
  const [embedding] = await embedChecked(embedder, [query], dims);
  // The embedder reports no token counts: estimated with the chunker's tokenizer, as at ingestion.
  await recordUsage(tx, {
    ...(input.subject ?? (await scopeSubject(tx, input.tenantId))),
    kind: 'embedding',
    model: embedder.model,
    inputTokens: countTokens(query),
    requests: 1,
    tokensEstimated: true,
  });
  const chunks = await searchChunks(tx, { ...input, query, embedding: embedding!, embedderId: active.id, dims });
  return { chunks, relevanceFloor: relevanceFloor(active.config) };
}

/**
 * The search itself, for a query already embedded. `textEngine` and `genericPlan` are for the
 * bench, which compares the engines and plan modes on the same data.
 */
export async function searchChunks(
  tx: Tx,
  input: {
    tenantId: string;
    query: string;
    embedding: number[];
    /** The tenant's active embedder and its size: only its vectors are searched. */
    embedderId: string;
    dims: number;
    collectionIds?: string[];
    config?: RetrievalConfig;
    textEngine?: TextEngine;
    genericPlan?: boolean;
  },
): Promise<RetrievedChunk[]> {
  const config = { ...DEFAULT_RETRIEVAL, ...input.config };
  const { query, tenantId } = input;
  const engine = input.textEngine ?? (await textEngine(tx));
  const collections = input.collectionIds?.length ? `{${input.collectionIds.join(',')}}` : '';
  const scoped = collections !== '';
  // The statement reads its inputs from settings of this transaction, so that it has no
  // parameters and could be prepared once per connection (EXECUTE cannot take bound values).
  // It is planned for each query all the same (`genericPlan` prepares it, for the bench): measured
  // by bench/retrieval.ts, the two are within a millisecond on PGlite (10k, 50k chunks) and on
  // PostgreSQL (200k), and planning each time lets the GIN candidates be written in.
  // Filtered HNSW scans keep going until enough rows pass the filters (pgvector ≥ 0.8). Pages of
  // an embedded or well-cached database are in memory: at the default random_page_cost the planner
  // prefers scanning every vector to walking the HNSW graph.
  const [settings] = await tx.execute<{ pages: number; prepared: string[]; terms: string[] | null }>(
    sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true),
      set_config('hnsw.ef_search', ${String(Math.max(40, config.candidates))}, true),
      set_config('random_page_cost', '1.1', true),
      set_config('app.retrieval_tenant', ${tenantId}, true),
      set_config('app.retrieval_query', ${query}, true),
      set_config('app.retrieval_vector', ${vectorLiteral(input.embedding)}, true),
      set_config('app.retrieval_embedder', ${input.embedderId}, true),
      set_config('app.retrieval_collections', ${collections}, true),
      pg_relation_size('document_chunks') / current_setting('block_size')::int as pages,
      array(select name from pg_prepared_statements where name like 'retrieval_%') as prepared,
      ${engine === 'gin' ? questionTerms(query) : sql`null::text[]`} as terms`,
  );
  const textIds =
    engine === 'gin' ? await ginCandidates(tx, { tenantId, query, scoped, limit: config.candidates, terms: settings?.terms ?? [] }) : null;
  let rows: Row[];
  if (!input.genericPlan) {
    // Planned for each query, with the text candidates written in (one round trip less).
    rows = await tx.execute<Row>(sql.raw(hybridStatement(engine, config, scoped, input.dims, textIds)));
  } else {
    const statement = hybridStatement(engine, config, scoped, input.dims, null);
    // A plan made for a small table (a sequential scan) would be wrong once it has grown, and
    // PGlite has no autovacuum whose ANALYZE would invalidate it: a new one each time it doubles.
    const size = Math.floor(Math.log2(Math.max(1, Number(settings?.pages ?? 1))));
    const name = `retrieval_${engine}_${createHash('sha256').update(statement).digest('hex').slice(0, 16)}_${size}`;
    if (textIds) await tx.execute(sql`select set_config('app.retrieval_text_ids', ${`{${textIds.join(',')}}`}, true)`);
    if (!settings?.prepared.includes(name)) await tx.execute(sql.raw(`prepare ${name} as ${statement}`));
    rows = await tx.execute<Row>(sql.raw(`execute ${name}`));
  }
  return rows.map((r) => ({
    chunkId: r.chunk_id,
    documentId: r.document_id,
    filename: r.filename,
    collectionId: r.collection_id,
    content: r.content,
    pageFrom: r.page_from,
    pageTo: r.page_to,
    section: r.section,
    charStart: r.char_start,
    charEnd: r.char_end,
    score: Number(r.score),
    similarity: r.distance === null ? null : 1 - Number(r.distance),
    textMatch: r.text_rank !== null,
  }));
}

/** tsquery syntax for one normalized lexeme (quoted, so it is taken as is). */
const lexeme = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

function combinations<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => combinations(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** A number written into the statement's text (configuration, validated on save). */
function literal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Retrieval setting ${value} is not a number.`);
  return String(value);
}

const setting = (name: string) => `current_setting('app.retrieval_${name}')`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Chunk ids (read from the database) as an array literal; anything else in them is refused. */
function uuidArray(ids: string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`Not a chunk id: ${JSON.stringify(id)}`);
  return `'{${ids.join(',')}}'`;
}
/**
 * Chunks of the chosen collections only, when the chat is scoped to some: a statement of its own,
 * since a condition that may or may not apply would spoil the row estimates of both.
 */
const collectionFilter = (scoped: boolean) =>
  scoped ? `and c.document_id in (select d.id from documents d where d.collection_id = any(${setting('collections')}::uuid[]))` : '';

/**
 * The hybrid statement: vector and full-text candidates fused by reciprocal rank. Its inputs are
 * settings (see searchChunks); the query vector and the BM25 query are uncorrelated scalar
 * subqueries, evaluated once and handed to the index scans as their ordering keys.
 */
function hybridStatement(
  engine: TextEngine,
  config: Required<RetrievalConfig>,
  scoped: boolean,
  dims: number,
  textIds: string[] | null,
): string {
  const inCollections = collectionFilter(scoped);
  // The cast to the embedder's size matches the partial HNSW index of that size (dims = n).
  const typed = `vector(${literal(dims)})`;
  const candidates = literal(config.candidates);
  const [vectorWeight, textWeight, rrfK] = [config.vectorWeight, config.textWeight, config.rrfK].map(literal);
  const txt =
    engine === 'bm25'
      ? // BM25 top-k from the index. Rows the filters or RLS drop above the index scan make it
        // score deeper (pg_textsearch re-drives the scan), so a small tenant still gets its top k.
        // Only the order is kept: a score in the select list would be computed a second time.
        `select t.id, t.rank from unnest(array(
          select c.id from document_chunks c
          where c.tenant_id = ${setting('tenant')}::uuid ${inCollections}
          order by c.content <@> (select to_bm25query(${setting('query')}, '${BM25_INDEX}'))
          limit ${candidates}
        )) with ordinality as t(id, rank)`
      : // Found by ginCandidates, in order: written in, or from a setting for a prepared statement.
        `select t.id, t.rank from unnest(${textIds ? uuidArray(textIds) : setting('text_ids')}::uuid[]) with ordinality as t(id, rank)`;
  return `
    with vec as (
      -- The query vector is a value, not a column of a joined CTE: only then can
      -- "order by embedding <=> vector" walk the HNSW index instead of detoasting every vector.
      select c.chunk_id as id, c.embedding::${typed} <=> (select ${setting('vector')}::${typed}) as distance
      from chunk_embeddings c
      where c.tenant_id = ${setting('tenant')}::uuid and c.embedder_id = ${setting('embedder')}::uuid
        and c.dims = ${literal(dims)} ${inCollections}
      order by c.embedding::${typed} <=> (select ${setting('vector')}::${typed})
      limit ${candidates}
    ),
    vec_ranked as (select id, distance, row_number() over (order by distance, id) as rank from vec),
    txt as (${txt}),
    -- The candidates' ids as one plain column (a join on coalesce(v.id, t.id) is not leak-proof,
    -- so under RLS it became a hash join over every chunk).
    ids as (select id from vec union select id from txt),
    -- The candidates looked up by primary key, on their own: joined with the rest, the planner
    -- (which under RLS guesses a tenant has a handful of chunks) would rather scan them all.
    -- A text candidate must share a term with the question (any of them): ranked without an
    -- index, chunks that share none come last with a score of 0, and are dropped here.
    found as materialized (
      select c.id, c.document_id, c.content, c.page_from, c.page_to, c.section, c.char_start, c.char_end,
        coalesce(c.search @@ (select nullif(replace(plainto_tsquery('english', ${setting('query')})::text, '&', '|'), '')::tsquery),
          false) as text_hit
      from document_chunks c where c.id = any (array(select id from ids))
    ),
    fused as (
      select c.*, v.distance, case when c.text_hit then t.rank end as text_rank,
        coalesce(${vectorWeight}::float8 / (${rrfK} + v.rank), 0)
          + case when c.text_hit then coalesce(${textWeight}::float8 / (${rrfK} + t.rank), 0) else 0 end as score
      from found c left join vec_ranked v on v.id = c.id left join txt t on t.id = c.id
      where v.id is not null or (c.text_hit and t.id is not null)
    )
    select f.id as chunk_id, f.document_id, d.filename, d.collection_id, f.content, f.page_from, f.page_to,
      f.section, f.char_start, f.char_end, f.score, f.distance, f.text_rank
    from fused f
    join documents d on d.id = f.document_id
    where d.status = 'completed' and d.deleted_at is null
    order by f.score desc, f.distance asc nulls last, f.id
    limit ${literal(config.topK)}`;
}

/** The question's distinct lexemes in the order they first occur, as a SQL expression. */
const questionTerms = (query: string) =>
  sql`(select coalesce(array_agg(t.lexeme order by t.first), '{}') from (select lexeme, min(p) as first
    from unnest(to_tsvector('english', ${query})) u, unnest(u.positions) p group by lexeme) t)`;

/**
 * Full-text candidates without BM25: an OR-ed question matches a large share of the chunks, and
 * ranking them all is what made full text slow. Chunks matching all the question's terms come
 * first, then those matching all but one, and so on (the GIN index intersects the posting lists,
 * so a tier costs its matches, not the corpus); within a tier ts_rank orders at most
 * GIN_TIER_ROWS matches. The tiers stop once there are enough candidates. Returns the candidates'
 * ids, best first.
 */
export async function ginCandidates(
  tx: Tx,
  input: { tenantId: string; query: string; scoped: boolean; limit: number; terms?: string[] },
): Promise<string[]> {
  let terms = input.terms;
  if (!terms) {
    const [row] = await tx.execute<{ terms: string[] }>(sql`select ${questionTerms(input.query)} as terms`);
    terms = row?.terms ?? [];
  }
  const found = new Set<string>();
  for (let m = terms.length; m >= 1 && found.size < input.limit; m--) {
    if (m > 1 && binomial(terms.length, m) > GIN_MAX_CONJUNCTIONS) continue;
    const tsquery = combinations(terms, m)
      .map((group) => `(${group.map(lexeme).join(' & ')})`)
      .join(' | ');
    const tier = await tx.execute<{ id: string }>(sql`
      select s.id, ts_rank(s.search, ${tsquery}::tsquery) as text_rank
      from (
        select c.id, c.search from document_chunks c
        where c.tenant_id = ${input.tenantId} and c.search @@ ${tsquery}::tsquery ${sql.raw(collectionFilter(input.scoped))}
        limit ${GIN_TIER_ROWS}
      ) s
      order by text_rank desc, s.id
      limit ${input.limit}`);
    for (const { id } of tier) if (found.size < input.limit) found.add(id);
  }
  return [...found];
}
