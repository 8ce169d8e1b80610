/**
 * Retrieval against gold documents: hit@k, recall@k, reciprocal rank (MRR over cases) and nDCG@k,
 * with binary relevance. Chunks are mapped to their documents and de-duplicated in rank order, so
 * five chunks of one document count once, at the rank of its first chunk.
 */

/** One retrieved chunk, in the order retrieval returned it (best first). */
export type RetrievedChunk = { documentId: string; page?: number | null; chunkId?: string };

/** A document that holds the answer; `pages`, when given, narrows it to those pages (see `matchPages`). */
export type GoldDocument = { documentId: string; pages?: readonly number[] | null };

export type RetrievalInput = {
  /** Retrieved chunks in rank order, best first. */
  retrieved: readonly RetrievedChunk[];
  /** The case's gold documents; none makes every retrieval metric `null` (not applicable). */
  gold: readonly GoldDocument[];
};

export type RetrievalOptions = {
  /** Cut-off, counted in distinct documents after de-duplication (default {@link DEFAULT_RETRIEVAL_K}). */
  k?: number;
  /**
   * When true, a chunk counts for a gold document that lists pages only if its page is one of
   * them; a chunk on another page is treated as a different, non-gold item. Default false:
   * relevance is per document, pages only mark passages in the report.
   */
  matchPages?: boolean;
};

/** Per-case retrieval metrics; each is `null` when the case has no gold document. */
export type RetrievalMetrics = {
  hitAtK: number | null;
  recallAtK: number | null;
  reciprocalRank: number | null;
  ndcgAtK: number | null;
  /** The cut-off used, so a report can label "@k". */
  k: number;
};

export const DEFAULT_RETRIEVAL_K = 5;

export const HIT_AT_K_FORMULA = 'hit@k = 1 when at least one gold document is among the first k distinct retrieved documents, else 0';
export const RECALL_AT_K_FORMULA =
  'recall@k = (gold documents among the first k distinct retrieved documents) / (number of gold documents)';
export const MRR_FORMULA =
  'MRR = mean over cases of 1 / rank of the first gold document among the distinct retrieved documents (0 when none is retrieved)';
export const NDCG_AT_K_FORMULA =
  'nDCG@k = DCG@k / IDCG@k, DCG@k = Σ over ranks i ≤ k of rel_i / log2(i + 1) with rel_i = 1 for a gold document, else 0; ' +
  'IDCG@k = Σ over i ≤ min(number of gold documents, k) of 1 / log2(i + 1)';

/** One entry of the de-duplicated ranking: a document (or document page, with `matchPages`) at its rank. */
export type RankedDocument = { documentId: string; rank: number; gold: boolean };

/** True when this chunk is a gold passage: its document is gold and, if the gold lists pages, its page is listed. */
export function isGoldChunk(chunk: RetrievedChunk, gold: readonly GoldDocument[]): boolean {
  return gold.some((g) => g.documentId === chunk.documentId && pageMatches(g, chunk.page));
}

function pageMatches(gold: GoldDocument, page: number | null | undefined): boolean {
  if (!gold.pages || gold.pages.length === 0) return true;
  return page !== null && page !== undefined && gold.pages.includes(page);
}

/**
 * The retrieved chunks as distinct documents in rank order: a document's first chunk fixes its
 * place, later chunks of it are dropped, and ranks are positions 1, 2, … in this de-duplicated
 * list. With `matchPages`, chunks of a gold document on a non-gold page form a separate,
 * non-gold entry.
 */
export function rankDocuments(input: RetrievalInput, options: Pick<RetrievalOptions, 'matchPages'> = {}): RankedDocument[] {
  const out: RankedDocument[] = [];
  const seen = new Set<string>();
  for (const chunk of input.retrieved) {
    const goldDoc = input.gold.find((g) => g.documentId === chunk.documentId);
    const gold = goldDoc !== undefined && (!options.matchPages || pageMatches(goldDoc, chunk.page));
    // The key separates "gold pages of X" from "other pages of X" only when pages matter.
    const key = gold || !options.matchPages ? chunk.documentId : `${chunk.documentId}\u0000other`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ documentId: chunk.documentId, rank: out.length + 1, gold });
  }
  return out;
}

/** hit@k, recall@k, reciprocal rank and nDCG@k of one case (see the exported formulas). */
export function retrievalMetrics(input: RetrievalInput, options: RetrievalOptions = {}): RetrievalMetrics {
  const k = options.k ?? DEFAULT_RETRIEVAL_K;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const goldCount = new Set(input.gold.map((g) => g.documentId)).size;
  if (goldCount === 0) return { hitAtK: null, recallAtK: null, reciprocalRank: null, ndcgAtK: null, k };

  const ranked = rankDocuments(input, options);
  const top = ranked.slice(0, k);
  const goldInTop = top.filter((d) => d.gold).length;
  const first = ranked.find((d) => d.gold);
  const dcg = top.reduce((sum, d) => sum + (d.gold ? 1 / Math.log2(d.rank + 1) : 0), 0);
  let idcg = 0;
  for (let i = 1; i <= Math.min(goldCount, k); i++) idcg += 1 / Math.log2(i + 1);

  return {
    hitAtK: goldInTop > 0 ? 1 : 0,
    recallAtK: goldInTop / goldCount,
    reciprocalRank: first ? 1 / first.rank : 0,
    ndcgAtK: dcg / idcg,
    k,
  };
}
