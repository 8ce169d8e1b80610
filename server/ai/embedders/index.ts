import 'server-only';
import type { EmbedderConfig } from '@/db/schema/embedders';
import type { EgressOptions } from '../egress';
import { LOCAL_HASH_MODEL, LocalHashingEmbedder, type EmbeddingProvider } from '../embedding';
import { EMBEDDING_DIMENSIONS } from '@/db/schema/documents';
import { onnxModelFiles, OnnxEmbedder, onnxRegistryModel } from './onnx';
import { OpenAICompatibleEmbedder } from './openai-compatible';
import { USE_LITE_DIMENSIONS, USE_LITE_MODEL, USE_LITE_VERSION, UseLiteEmbedder } from './use-lite';

export { listOnnxModels, onnxModelDir, OnnxModelError } from './onnx';
export { EMBEDDINGS_REFUSED, OpenAICompatibleEmbedder } from './openai-compatible';
export { USE_LITE_DIMENSIONS, USE_LITE_MODEL } from './use-lite';

/**
 * Local embedders hold a model (and its worker threads): one per config for the whole process.
 * Remote ones are cheap and carry a tenant's key, so each call builds its own.
 */
const localCache = new Map<string, EmbeddingProvider>();

/** The provider for a tenant's stored embedder config; `secrets.apiKey` is the decrypted key. */
export function embedderFor(config: EmbedderConfig, secrets: { apiKey?: string | null } = {}, egress?: EgressOptions): EmbeddingProvider {
  switch (config.kind) {
    case 'openai-compatible':
      return new OpenAICompatibleEmbedder(
        { baseUrl: config.baseUrl, model: config.model, dimensions: config.dimensions, apiKey: secrets.apiKey },
        egress,
      );
    case 'local-hash':
    case 'use-lite':
    case 'onnx': {
      const key = config.kind === 'onnx' ? `onnx:${config.model}` : config.kind;
      let provider = localCache.get(key);
      if (!provider) {
        provider =
          config.kind === 'local-hash'
            ? new LocalHashingEmbedder()
            : config.kind === 'use-lite'
              ? new UseLiteEmbedder()
              : new OnnxEmbedder(config.model);
        localCache.set(key, provider);
      }
      return provider;
    }
  }
}

/** The embedder of a tenant that has not chosen one: DEFAULT_EMBEDDER, 'use-lite' unless set. */
export function defaultEmbedderConfig(): EmbedderConfig {
  const configured = process.env.DEFAULT_EMBEDDER?.trim();
  if (!configured || configured === 'use-lite') return { kind: 'use-lite' };
  if (configured === 'local-hash') return { kind: 'local-hash' };
  throw new Error(`DEFAULT_EMBEDDER must be "use-lite" or "local-hash", not "${configured}".`);
}

/**
 * What embeddings_registry records for a config, without loading any model: `model` is the
 * registry's model name, `dimensions` null when only the first answer will tell (an
 * openai-compatible config with dimensions 0, an ONNX model whose config.json does not say).
 */
export function describeEmbedder(config: EmbedderConfig): { model: string; dimensions: number | null; version: string; label: string } {
  switch (config.kind) {
    case 'local-hash':
      return { model: LOCAL_HASH_MODEL, dimensions: EMBEDDING_DIMENSIONS, version: '1', label: 'Word hashing (offline, lexical)' };
    case 'use-lite':
      return {
        model: USE_LITE_MODEL,
        dimensions: USE_LITE_DIMENSIONS,
        version: USE_LITE_VERSION,
        label: 'Universal Sentence Encoder lite (offline, semantic)',
      };
    case 'onnx': {
      let files: { hiddenSize: number | null; version: string } = { hiddenSize: null, version: 'missing' };
      try {
        files = onnxModelFiles(config.model);
      } catch {
        // The model may have been removed since it was chosen: described all the same.
      }
      return {
        model: onnxRegistryModel(config.model),
        dimensions: files.hiddenSize,
        version: files.version,
        label: `Local ONNX model ${config.model}`,
      };
    }
    case 'openai-compatible': {
      let host = config.baseUrl;
      try {
        host = new URL(config.baseUrl).host;
      } catch {
        // shown as entered
      }
      return {
        model: config.model,
        dimensions: config.dimensions > 0 ? config.dimensions : null,
        version: config.baseUrl,
        label: `${config.model} at ${host}`,
      };
    }
  }
}

/**
 * The cosine similarity below which a passage without a full-text match is not about the
 * question, for this embedder's vectors (bench/relevance.ts measures where each one lies).
 * Scales differ by model: hashed words of unrelated texts barely overlap, while a sentence
 * encoder finds some likeness everywhere. Models this code cannot know get no floor: only the
 * full-text match and the answerer's own check stand between them and an unrelated passage.
 */
export function relevanceFloor(config: EmbedderConfig): number {
  switch (config.kind) {
    case 'local-hash':
      // 95% of answering passages of the quality corpus score at or above it, 9% of unrelated ones.
      return 0.12;
    case 'use-lite':
      // Every answering passage of the quality corpus scores 0.38 or more, off-topic questions'
      // nearest passages below 0.19 (unrelated passages of the corpus spread from 0.2 to 0.65:
      // a sentence encoder's averaged windows resemble everything a little).
      return 0.3;
    default:
      return 0;
  }
}
