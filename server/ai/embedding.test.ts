import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIMENSIONS } from '@/db/schema/documents';
import { cosineSimilarity, getEmbeddingProvider, LOCAL_HASH_MODEL, LocalHashingEmbedder, tokenizeForEmbedding } from './embedding';

const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('LocalHashingEmbedder', () => {
  const embedder = new LocalHashingEmbedder();

  it('is the default provider, with the stored dimensions and a model name', () => {
    const provider = getEmbeddingProvider();
    expect(provider).toBeInstanceOf(LocalHashingEmbedder);
    expect(provider.model).toBe(LOCAL_HASH_MODEL);
    expect(provider.model).toBe('local-hash-v1');
    expect(provider.dimensions).toBe(EMBEDDING_DIMENSIONS);
    expect(getEmbeddingProvider()).toBe(provider);
  });

  it('is deterministic and L2-normalised, one vector per text in order', async () => {
    const texts = ['The Enterprise plan costs 90 EUR.', 'Office hours are nine to five.', '', '???'];
    const [a, b] = await Promise.all([embedder.embed(texts), new LocalHashingEmbedder().embed(texts)]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(4);
    for (const vector of a) {
      expect(vector).toHaveLength(1536);
      expect(norm(vector)).toBeCloseTo(1, 10);
      expect(vector.every(Number.isFinite)).toBe(true);
    }
    expect(a[0]).not.toEqual(a[1]);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('puts a question closer to the chunk that answers it than to an unrelated one', async () => {
    const [question, pricing, hours, security] = await embedder.embed([
      'What is the price of the enterprise plan?',
      'Enterprise plan pricing: the Enterprise plan is priced at 90 EUR per user per month, billed annually.',
      'Our office opening hours are Monday to Friday, 9:00 to 17:00; the office is closed on public holidays.',
      'All data is encrypted at rest with AES-256 and in transit with TLS 1.3.',
    ]);
    const toPricing = cosineSimilarity(question!, pricing!);
    expect(toPricing).toBeGreaterThan(cosineSimilarity(question!, hours!) + 0.1);
    expect(toPricing).toBeGreaterThan(cosineSimilarity(question!, security!) + 0.1);
  });

  it('matches related word forms and ignores case and punctuation', async () => {
    const [plans, plan, other] = await embedder.embed(['Pricing of PLANS!', 'plan prices', 'holiday schedule']);
    expect(cosineSimilarity(plans!, plan!)).toBeGreaterThan(cosineSimilarity(plans!, other!) + 0.2);
    expect(tokenizeForEmbedding("The company's Policies, studies & glass")).toEqual(['the', 'company', 'policy', 'study', 'glass']);
  });

  it('lets function words count for little', async () => {
    const [a, b, c] = await embedder.embed(['the of and a to in', 'the of and a to in invoices', 'invoices']);
    // Adding one content word to a run of stop-words makes the text mostly about that word.
    expect(cosineSimilarity(b!, c!)).toBeGreaterThan(0.8);
    expect(cosineSimilarity(a!, c!)).toBeLessThan(0.1);
  });

  it('rejects vectors of different lengths when comparing', () => {
    expect(() => cosineSimilarity([1, 0], [1])).toThrow(RangeError);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
  });
});
