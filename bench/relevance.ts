/**
 * Where the relevance floor of each embedder lies: the cosine similarity below which, without a
 * full-text match, chat drops a retrieved passage as not about the question (server/chat/ask.ts).
 * Over the quality corpus (bench/quality), per embedder: how similar a question is to the passage
 * that answers it (a chunk of its document holding all its key facts), to passages of documents
 * that have nothing to do with it, and the questions the documents cannot answer to their nearest
 * passage. A good floor sits above nearly all unrelated pairs and below nearly all answers.
 *
 *   npx tsx --conditions=react-server bench/relevance.ts [--sample 300]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { embedderFor, relevanceFloor } from '@/server/ai/embedders';
import { chunkDocument, chunkEmbeddingText } from '@/server/documents/chunk';
import { extractDocument, type FileType } from '@/server/documents/extract';
import type { EmbedderConfig } from '@/db/schema/embedders';

type Case = { question: string; keyFacts: string[]; documents: string[] };

const DOCS = path.join(import.meta.dirname, 'quality', 'docs');
const { values } = parseArgs({ options: { sample: { type: 'string', default: '300' } } });
const SAMPLE = Number(values.sample);

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
};

async function main() {
  const cases = JSON.parse(readFileSync(path.join(import.meta.dirname, 'quality', 'dataset.json'), 'utf8')) as Case[];
  const chunks: { document: string; text: string }[] = [];
  for (const name of readdirSync(DOCS).sort()) {
    const type = (name.endsWith('.pdf') ? 'pdf' : name.endsWith('.csv') ? 'csv' : 'txt') as FileType;
    const doc = await extractDocument(new Uint8Array(readFileSync(path.join(DOCS, name))), type);
    for (const chunk of chunkDocument(doc)) chunks.push({ document: name, text: chunkEmbeddingText(chunk) });
  }
  // The passages that answer a question, and a fixed sample of the rest (every 7th, say).
  const answers = new Map<Case, number[]>();
  for (const c of cases.filter((c) => c.keyFacts.length > 0)) {
    const found = chunks.flatMap((chunk, i) =>
      c.documents.includes(chunk.document) && c.keyFacts.every((fact) => chunk.text.toLowerCase().includes(fact.toLowerCase())) ? [i] : [],
    );
    if (found.length > 0) answers.set(c, found);
  }
  const step = Math.max(1, Math.floor(chunks.length / SAMPLE));
  const sampled = chunks.flatMap((_, i) => (i % step === 0 ? [i] : []));
  const wanted = [...new Set([...sampled, ...[...answers.values()].flat()])].sort((a, b) => a - b);
  console.log(
    `${chunks.length} chunks of ${readdirSync(DOCS).length} documents; ${answers.size} questions with an answering chunk, ${wanted.length} chunks embedded`,
  );

  const configs: EmbedderConfig[] = [{ kind: 'local-hash' }, { kind: 'use-lite' }];
  for (const config of configs) {
    const embedder = embedderFor(config);
    const t0 = performance.now();
    const vectors = new Map<number, number[]>();
    const embedded = await embedder.embed(wanted.map((i) => chunks[i]!.text));
    wanted.forEach((i, k) => vectors.set(i, embedded[k]!));
    const questions = await embedder.embed(cases.map((c) => c.question));
    const answerScores: number[] = [];
    const unrelated: number[] = [];
    const unanswerable: number[] = [];
    cases.forEach((c, q) => {
      const v = questions[q]!;
      const found = answers.get(c);
      if (found) answerScores.push(Math.max(...found.map((i) => cosine(v, vectors.get(i)!))));
      if (c.keyFacts.length === 0) unanswerable.push(Math.max(...wanted.map((i) => cosine(v, vectors.get(i)!))));
      else for (const i of sampled) if (!c.documents.includes(chunks[i]!.document)) unrelated.push(cosine(v, vectors.get(i)!));
    });
    const floor = relevanceFloor(config);
    const share = (values: number[], above: number) => `${((100 * values.filter((s) => s >= above).length) / values.length).toFixed(1)}%`;
    console.log(`\n${config.kind} (${((performance.now() - t0) / 1000).toFixed(1)} s), floor ${floor}:`);
    console.log(
      `  answering passage     p10 ${quantile(answerScores, 0.1).toFixed(3)}  p50 ${quantile(answerScores, 0.5).toFixed(3)}  min ${Math.min(...answerScores).toFixed(3)}  at or above the floor ${share(answerScores, floor)}`,
    );
    console.log(
      `  unrelated passages    p50 ${quantile(unrelated, 0.5).toFixed(3)}  p95 ${quantile(unrelated, 0.95).toFixed(3)}  p99 ${quantile(unrelated, 0.99).toFixed(3)}  at or above the floor ${share(unrelated, floor)} of ${unrelated.length}`,
    );
    console.log(`  unanswerable, nearest ${unanswerable.map((s) => s.toFixed(3)).join(', ')}`);
  }
  // The encoder's worker threads would keep the process alive.
  process.exit(0);
}

await main();
