import { describe, expect, it } from 'vitest';
import { bm25Scores, mixRerank, parseOrder, rerankMessages } from './rerank';
import type { RetrievedChunk } from './search';

function chunk(id: string, content: string, score: number, similarity: number | null): RetrievedChunk {
  return {
    chunkId: id,
    documentId: `doc-${id}`,
    filename: `${id}.txt`,
    collectionId: 'c',
    content,
    pageFrom: null,
    pageTo: null,
    section: null,
    charStart: 0,
    charEnd: content.length,
    score,
    similarity,
    textMatch: true,
  };
}

describe('reranking', () => {
  it('scores chunks by BM25: rare query terms weigh more, repeated ones saturate', () => {
    const texts = [
      'The sync daemon listens on port 8730 by default.',
      'The daemon writes its log to the journal. The daemon restarts. The daemon reloads.',
      'Invoices are sent on the first working day of each month.',
    ];
    const [port, log, invoices] = bm25Scores('Which port does the daemon listen on?', texts);
    expect(port).toBeGreaterThan(log!);
    expect(log).toBeGreaterThan(0);
    expect(invoices).toBe(0);
  });

  it('mixes the words, the vector similarity and the fused rank', () => {
    const fusedFirst = chunk('a', 'Annual billing saves two months on every plan.', 0.033, 0.2);
    const answer = chunk('b', 'The Enterprise plan costs ninety euros per user per month.', 0.03, 0.6);
    const other = chunk('c', 'Our Lisbon office is open Monday to Friday.', 0.029, 0.1);
    expect(mixRerank('How much does the Enterprise plan cost?', [fusedFirst, answer, other]).map((c) => c.chunkId)).toEqual([
      'b',
      'a',
      'c',
    ]);
    // Without anything to tell them apart, the fused order stands.
    const same = [chunk('x', 'alpha', 0.02, null), chunk('y', 'alpha', 0.02, null)];
    expect(mixRerank('beta', same).map((c) => c.chunkId)).toEqual(['x', 'y']);
  });

  it('reads the model’s order, keeping what it left out after it and ignoring what does not exist', () => {
    expect(parseOrder('[3, 1]', 4)).toEqual([2, 0, 1, 3]);
    expect(parseOrder('Here you go: [2,2,9,1]\n', 3)).toEqual([1, 0, 2]);
    expect(parseOrder('Passage two is best.', 3)).toBeNull();
    expect(parseOrder('[]', 3)).toBeNull();
    expect(parseOrder('[0, 7]', 3)).toBeNull();
  });

  it('asks with numbered, trimmed passages and a strict reply format', () => {
    const messages = rerankMessages('Which port?', [chunk('a', 'x '.repeat(1000), 0.1, 0.1), chunk('b', 'port 22', 0.1, 0.1)]);
    expect(messages[0]!.content).toMatch(/JSON array of the passage numbers/);
    expect(messages[1]!.content).toMatch(/^Question: Which port\?\n\nPassages:\n\n\[1\] /);
    expect(messages[1]!.content).toContain('[2] port 22');
    expect(messages[1]!.content.length).toBeLessThan(900);
  });
});
