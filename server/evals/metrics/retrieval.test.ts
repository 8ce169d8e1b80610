import { describe, expect, it } from 'vitest';
import { isGoldChunk, rankDocuments, retrievalMetrics } from './retrieval';

const chunks = (...docs: string[]) => docs.map((documentId) => ({ documentId }));

describe('retrieval metrics', () => {
  it('scores against gold documents after de-duplicating chunks in rank order', () => {
    // Chunks A, B, A, C, D → documents A(1), B(2), C(3), D(4): the second A is dropped, so C is at rank 3, not 4.
    const input = { retrieved: chunks('A', 'B', 'A', 'C', 'D'), gold: [{ documentId: 'C' }, { documentId: 'E' }] };
    expect(rankDocuments(input).map((d) => [d.documentId, d.rank, d.gold])).toEqual([
      ['A', 1, false],
      ['B', 2, false],
      ['C', 3, true],
      ['D', 4, false],
    ]);
    const m = retrievalMetrics(input, { k: 3 });
    expect(m.hitAtK).toBe(1);
    expect(m.recallAtK).toBe(0.5);
    expect(m.reciprocalRank).toBeCloseTo(1 / 3, 12);
    // DCG@3 = 1/log2(4) = 0.5; IDCG@3 with 2 gold documents = 1 + 1/log2(3) = 1.6309298
    expect(m.ndcgAtK).toBeCloseTo(0.5 / (1 + 1 / Math.log2(3)), 12);
    expect(m.ndcgAtK).toBeCloseTo(0.306574, 6);
    expect(m.k).toBe(3);
  });

  it('counts many chunks of one document once, at the rank of its first chunk', () => {
    const m = retrievalMetrics({ retrieved: chunks('A', 'A', 'A', 'B'), gold: [{ documentId: 'B' }] }, { k: 2 });
    expect(m).toEqual({ hitAtK: 1, recallAtK: 1, reciprocalRank: 0.5, ndcgAtK: 1 / Math.log2(3), k: 2 });
    // And a gold document retrieved many times is one hit, not several.
    const repeated = retrievalMetrics({ retrieved: chunks('B', 'B', 'B'), gold: [{ documentId: 'B' }, { documentId: 'C' }] }, { k: 3 });
    expect(repeated.recallAtK).toBe(0.5);
    expect(repeated.ndcgAtK).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
  });

  it('gives null, not 0 or 1, when the case has no gold document', () => {
    expect(retrievalMetrics({ retrieved: chunks('A', 'B'), gold: [] })).toEqual({
      hitAtK: null,
      recallAtK: null,
      reciprocalRank: null,
      ndcgAtK: null,
      k: 5,
    });
  });

  it('gives 0 when no gold document is retrieved, nothing retrieved included', () => {
    const zero = { hitAtK: 0, recallAtK: 0, reciprocalRank: 0, ndcgAtK: 0, k: 5 };
    expect(retrievalMetrics({ retrieved: chunks('A', 'B'), gold: [{ documentId: 'C' }] })).toEqual(zero);
    expect(retrievalMetrics({ retrieved: [], gold: [{ documentId: 'C' }] })).toEqual(zero);
  });

  it('caps the ideal DCG at k and counts a gold document beyond k only in MRR', () => {
    // Three gold documents, k = 2, both top places gold: nDCG@2 = 1 though recall@2 = 2/3.
    const gold = ['A', 'B', 'C'].map((documentId) => ({ documentId }));
    const m = retrievalMetrics({ retrieved: chunks('A', 'B'), gold }, { k: 2 });
    expect(m.ndcgAtK).toBe(1);
    expect(m.recallAtK).toBeCloseTo(2 / 3, 12);
    const late = retrievalMetrics({ retrieved: chunks('X', 'Y', 'A'), gold: [{ documentId: 'A' }] }, { k: 2 });
    expect(late).toMatchObject({ hitAtK: 0, recallAtK: 0, ndcgAtK: 0 });
    expect(late.reciprocalRank).toBeCloseTo(1 / 3, 12);
  });

  it('ignores duplicate gold ids', () => {
    const m = retrievalMetrics({ retrieved: chunks('A'), gold: [{ documentId: 'A' }, { documentId: 'A' }] }, { k: 1 });
    expect(m).toMatchObject({ hitAtK: 1, recallAtK: 1, ndcgAtK: 1 });
  });

  it('matches pages only when asked to', () => {
    const input = {
      retrieved: [
        { documentId: 'A', page: 1 },
        { documentId: 'B', page: 1 },
        { documentId: 'A', page: 3 },
      ],
      gold: [{ documentId: 'A', pages: [3] }],
    };
    expect(retrievalMetrics(input).reciprocalRank).toBe(1);
    // With pages: A p1 is a non-gold entry (rank 1), B rank 2, A's gold page rank 3.
    expect(retrievalMetrics(input, { matchPages: true }).reciprocalRank).toBeCloseTo(1 / 3, 12);
    expect(isGoldChunk(input.retrieved[0]!, input.gold)).toBe(false);
    expect(isGoldChunk(input.retrieved[2]!, input.gold)).toBe(true);
    expect(isGoldChunk({ documentId: 'A', page: 7 }, [{ documentId: 'A' }])).toBe(true);
  });

  it('refuses a k that is not a positive integer', () => {
    expect(() => retrievalMetrics({ retrieved: [], gold: [{ documentId: 'A' }] }, { k: 0 })).toThrow(RangeError);
  });
});
