import { afterAll, describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../embedding';
import { relevanceFloor } from '.';
import { UseLiteEmbedder } from './use-lite';

const embedder = new UseLiteEmbedder();
afterAll(() => embedder.close());

const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('UseLiteEmbedder', () => {
  it('gives 512-dimension unit vectors, one per text in order, deterministically', async () => {
    const texts = ['The SSH service listens on port 22.', 'Office hours are nine to five.', ''];
    const [a, b] = [await embedder.embed(texts), await embedder.embed(texts)];
    expect(a).toHaveLength(3);
    for (const vector of a) {
      expect(vector).toHaveLength(512);
      expect(norm(vector)).toBeCloseTo(1, 5);
      expect(vector.every(Number.isFinite)).toBe(true);
    }
    expect(a).toEqual(b);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('finds a paraphrase closer than an unrelated text sharing its words', async () => {
    const [question, row, other] = await embedder.embed([
      'Which port does ssh use?',
      'service: ssh; port: 22 (secure shell remote login)',
      'Which harbour does the ship use for port wine deliveries?',
    ]);
    expect(cosineSimilarity(question!, row!)).toBeGreaterThan(cosineSimilarity(row!, other!));
  });

  it('puts an answering passage above the relevance floor and an off-topic question’s below it', async () => {
    const floor = relevanceFloor({ kind: 'use-lite' });
    const passage =
      'Licensed patents are patent claims licensable by a Contributor that are necessarily infringed by their Contribution alone. Each Contributor grants You a perpetual, worldwide, royalty-free patent license to make, use and sell the Work.';
    const [passageVector, onTopic, offTopic] = await embedder.embed([
      passage,
      'Does a contributor grant a patent license?',
      'Who won the football world cup in 2018?',
    ]);
    expect(cosineSimilarity(onTopic!, passageVector!)).toBeGreaterThanOrEqual(floor);
    expect(cosineSimilarity(offTopic!, passageVector!)).toBeLessThan(floor);
  });

  it('reads past the model’s 128-token limit: a long text’s tail changes its vector', async () => {
    const head = 'The backup server copies every database to the second data centre each night. '.repeat(12);
    const [a, b] = await embedder.embed([head, `${head} Bananas are yellow fruit grown in the tropics and shipped worldwide.`]);
    expect(cosineSimilarity(a!, b!)).toBeLessThan(0.9999);
  });

  it('keeps the event loop of the calling thread free while it embeds', async () => {
    await embedder.embed(['warm up']);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const texts = Array.from(
      { length: 8 },
      (_, i) => `Paragraph ${i}: ${'the quarterly report lists revenue by region and product. '.repeat(10)}`,
    );
    const before = ticks;
    await embedder.embed(texts);
    clearInterval(timer);
    expect(ticks - before).toBeGreaterThan(5);
  });
});
