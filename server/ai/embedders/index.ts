import 'server-only';
import type { EmbedderConfig } from '@/db/schema';
import type { EgressOptions } from '@/server/ai/egress';
import { LOCAL_HASH_MODEL, LocalHashingEmbedder, type EmbeddingProvider } from '@/server/ai/embedding';

/*
 * Placeholder until the embedder implementations (branch i14-embedders) are merged: the same API,
 * with only the local hashing embedder. That branch's file replaces this one.
 */

export type EmbedderDescription = { model: string; dimensions: number | null; version: string; label: string };

export function defaultEmbedderConfig(): EmbedderConfig {
  return { kind: 'local-hash' };
}

export function describeEmbedder(config: EmbedderConfig): EmbedderDescription {
  switch (config.kind) {
    case 'local-hash':
      return { model: LOCAL_HASH_MODEL, dimensions: 1536, version: '1', label: 'Word hashing (offline, lexical)' };
    case 'use-lite':
      return { model: 'use-lite', dimensions: 512, version: '1', label: 'Universal Sentence Encoder lite (offline, semantic)' };
    case 'onnx':
      return { model: config.model, dimensions: null, version: '1', label: `ONNX model ${config.model}` };
    case 'openai-compatible':
      return { model: config.model, dimensions: config.dimensions || null, version: '1', label: `${config.model} (OpenAI-compatible)` };
  }
}

export function embedderFor(config: EmbedderConfig, _secrets?: { apiKey?: string | null }, _egress?: EgressOptions): EmbeddingProvider {
  if (config.kind === 'local-hash') return new LocalHashingEmbedder();
  throw new Error(`The ${describeEmbedder(config).label} embedder is not available in this build.`);
}

/** Model directories under EMBEDDING_MODEL_DIR (none without the ONNX implementation). */
export function listOnnxModels(): Array<{ name: string; dimensions: number | null }> {
  return [];
}
