/**
 * Which embedder a tenant's vectors come from. Stored in `embeddings_registry.config` (never the
 * API key, which is encrypted beside it); `server/ai/embedders` turns it into an EmbeddingProvider.
 */
export const EMBEDDER_KINDS = ['local-hash', 'use-lite', 'onnx', 'openai-compatible'] as const;
export type EmbedderKind = (typeof EMBEDDER_KINDS)[number];

export type EmbedderConfig =
  /** Feature hashing: offline, no model, lexical only (1536 dimensions). */
  | { kind: 'local-hash' }
  /** Universal Sentence Encoder lite, shipped in npm packages: offline and semantic (512 dimensions). */
  | { kind: 'use-lite' }
  /** A sentence-transformers model (MiniLM, bge…) copied by the operator under EMBEDDING_MODEL_DIR. */
  | { kind: 'onnx'; model: string }
  /** An OpenAI-compatible /embeddings endpoint (OpenAI, Azure, Ollama, vLLM). */
  | { kind: 'openai-compatible'; baseUrl: string; model: string; dimensions: number };
