import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { RetrievalConfig } from '@/db/schema';
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

/**
 * Hybrid retrieval inside the caller's tenant transaction, so RLS applies: a restricted
 * document the user may not read is never a candidate. pgvector cosine search (HNSW with
 * iterative scans, so filtering by tenant and collection does not starve the top k) and
 * Postgres full-text search (any query term) are fused by reciprocal rank. Embedding the query
 * is metered in the same transaction, against `subject` (by default the person the transaction
 * is scoped to).
 */
export async function retrieve(
  tx: Tx,
  input: { tenantId: string; query: string; collectionIds?: string[]; config?: RetrievalConfig; subject?: UsageSubject },
): Promise<RetrievedChunk[]> {
  const config = { ...DEFAULT_RETRIEVAL, ...input.config };
  const query = input.query.trim();
  if (!query) return [];
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
  const vector = vectorLiteral(embedding!);
  // The cast to the embedder's size matches the partial HNSW index of that size (dims = n).
  const typed = sql.raw(`vector(${dims})`);
  const collections = input.collectionIds?.length ? input.collectionIds : null;
  const collectionFilter = collections
    ? sql`and c.document_id in (select d.id from documents d where d.collection_id in (${sql.join(
        collections.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}))`
    : sql``;
  // Filtered HNSW scans keep going until enough rows pass the filters (pgvector ≥ 0.8). Pages of
  // an embedded or well-cached database are in memory: at the default random_page_cost the planner
  // prefers scanning every vector to walking the HNSW graph.
  await tx.execute(
    sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true),
      set_config('hnsw.ef_search', ${String(Math.max(40, config.candidates))}, true),
      set_config('random_page_cost', '1.1', true)`,
  );
  const rows = await tx.execute<Row>(sql`
    with q as (
      -- Any of the question's terms, not all of them: natural questions rarely match every word.
      select nullif(replace(plainto_tsquery('english', ${query})::text, '&', '|'), '')::tsquery as tsq
    ),
    vec as (
      -- The query vector is a bound value, not a column of a joined CTE: only then can
      -- "order by embedding <=> vector" walk the HNSW index instead of detoasting every vector.
      select c.chunk_id as id, c.embedding::${typed} <=> ${vector}::${typed} as distance
      from chunk_embeddings c
      where c.tenant_id = ${input.tenantId} and c.embedder_id = ${active.id} and c.dims = ${sql.raw(String(dims))} ${collectionFilter}
      order by c.embedding::${typed} <=> ${vector}::${typed}
      limit ${config.candidates}
    ),
    vec_ranked as (select id, distance, row_number() over (order by distance, id) as rank from vec),
    txt as (
      -- ts_rank, not ts_rank_cd: the cover density costs several times more per matching chunk,
      -- and an OR-ed question matches a large share of them.
      select c.id, ts_rank(c.search, q.tsq) as text_rank
      from document_chunks c, q
      where q.tsq is not null and c.tenant_id = ${input.tenantId} and c.search @@ q.tsq ${collectionFilter}
      order by text_rank desc
      limit ${config.candidates}
    ),
    txt_ranked as (select id, text_rank, row_number() over (order by text_rank desc, id) as rank from txt),
    -- The candidates' ids as one plain column: joined back by primary key (a join on
    -- coalesce(v.id, t.id) is not leak-proof, so under RLS it became a hash join over every chunk).
    ids as (select id from vec union select id from txt),
    fused as (
      select i.id,
        coalesce(${config.vectorWeight}::float8 / (${config.rrfK} + v.rank), 0)
          + coalesce(${config.textWeight}::float8 / (${config.rrfK} + t.rank), 0) as score,
        v.distance, t.text_rank
      from ids i left join vec_ranked v on v.id = i.id left join txt_ranked t on t.id = i.id
    )
    select c.id as chunk_id, c.document_id, d.filename, d.collection_id, c.content, c.page_from, c.page_to,
      c.section, c.char_start, c.char_end, f.score, f.distance, f.text_rank
    from fused f
    join document_chunks c on c.id = f.id
    join documents d on d.id = c.document_id
    where d.status = 'completed' and d.deleted_at is null
    order by f.score desc, f.distance asc nulls last, c.id
    limit ${config.topK}`);
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
