/**
 * Embedder benchmark: model load time, wall and CPU milliseconds per chunk, and how long chunks
 * should be read by USE lite, which sees only its first 128 tokens.
 *
 * Corpus: real licence texts shipped in node_modules (GPL-3.0 in jszip, MPL-2.0 in lightningcss,
 * CC-BY-4.0 in caniuse-lite), cut into chunks of ~350 words (~450 tokens, as ingestion makes).
 * Quality probe: for each chunk, one sentence from its second half is the query; hit@1 / hit@5 say
 * how often that chunk ranks first / in the top 5 of all chunks. Truncation to the first window
 * cannot see those sentences; averaging windows can. Timings are printed, never asserted.
 *
 * Usage: tsx --conditions=react-server bench/embedders.ts  (BENCH_EMBED_CHUNKS to cap the corpus)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cosineSimilarity, LocalHashingEmbedder, type EmbeddingProvider } from '@/server/ai/embedding';
import { UseLiteEmbedder } from '@/server/ai/embedders/use-lite';
import { EmbedWorkerPool } from '@/server/ai/embedders/worker-pool';

const FILES = ['jszip/LICENSE.markdown', 'lightningcss/LICENSE', 'caniuse-lite/LICENSE'];
const CHUNK_WORDS = 350;
const MAX_CHUNKS = Number(process.env.BENCH_EMBED_CHUNKS) || 40;

function corpus(): { chunks: string[]; queries: string[] } {
  const chunks: string[] = [];
  const queries: string[] = [];
  for (const file of FILES) {
    const words = readFileSync(path.join(process.cwd(), 'node_modules', file), 'utf8')
      .split(/\s+/)
      .filter(Boolean);
    for (let i = 0; i + CHUNK_WORDS <= words.length && chunks.length < MAX_CHUNKS; i += CHUNK_WORDS) {
      const chunk = words.slice(i, i + CHUNK_WORDS);
      // A sentence-sized run of words from the second half: the part truncation never reads.
      const from = Math.floor(CHUNK_WORDS * 0.55) + (chunks.length % 7) * 15;
      chunks.push(chunk.join(' '));
      queries.push(chunk.slice(from, from + 14).join(' '));
    }
  }
  return { chunks, queries };
}

function hits(chunkVectors: number[][], queryVectors: number[][]): { at1: number; at5: number } {
  let at1 = 0;
  let at5 = 0;
  queryVectors.forEach((q, target) => {
    const scores = chunkVectors.map((c, i) => ({ i, s: cosineSimilarity(q, c) })).sort((a, b) => b.s - a.s);
    const rank = scores.findIndex((s) => s.i === target);
    if (rank === 0) at1++;
    if (rank < 5) at5++;
  });
  return { at1, at5 };
}

async function measure(label: string, provider: EmbeddingProvider, chunks: string[], queries: string[]) {
  const loadStart = performance.now();
  await provider.embed(['warm up']);
  const loadMs = performance.now() - loadStart;
  const cpuBefore = process.cpuUsage();
  const wallStart = performance.now();
  const chunkVectors = await provider.embed(chunks);
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuBefore);
  const queryVectors = await provider.embed(queries);
  const { at1, at5 } = hits(chunkVectors, queryVectors);
  const perChunk = (ms: number) => (ms / chunks.length).toFixed(1);
  console.log(
    [
      label.padEnd(34),
      // The first call starts the thread(s) and loads the model.
      `first call ${loadMs.toFixed(0).padStart(5)} ms`,
      `wall/chunk ${perChunk(wallMs).padStart(6)} ms`,
      // Worker threads count in the process's CPU time.
      `cpu/chunk ${perChunk((cpu.user + cpu.system) / 1000).padStart(6)} ms`,
      `hit@1 ${at1}/${queries.length}`,
      `hit@5 ${at5}/${queries.length}`,
    ].join('  '),
  );
}

async function main() {
  const { chunks, queries } = corpus();
  console.log(`${chunks.length} chunks of ${CHUNK_WORDS} words from ${FILES.join(', ')}; a query per chunk from its second half\n`);
  await measure('local-hash', new LocalHashingEmbedder(), chunks, queries);
  // Windows per chunk on one thread, then the default (4 windows) on two threads.
  const runs = [...[1, 2, 4, 8].map((maxWindows) => ({ maxWindows, size: 1 })), { maxWindows: 4, size: 2 }];
  for (const { maxWindows, size } of runs) {
    const embedder = new UseLiteEmbedder(new EmbedWorkerPool({ kind: 'use-lite', maxWindows }, size));
    await measure(`use-lite, ${maxWindows} window(s), ${size} thread(s)`, embedder, chunks, queries);
    await embedder.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
