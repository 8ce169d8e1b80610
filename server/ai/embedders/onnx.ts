import 'server-only';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The paths below are the operator's model directory, read at run time: `turbopackIgnore` keeps
// Next.js's bundler from tracing (and trying to bundle) every file they could name.
import type { EmbeddingProvider } from '../embedding';
import { EmbedWorkerPool } from './worker-pool';

/** Where the operator copies sentence-transformers ONNX exports, one sub-directory each. */
export function onnxModelDir(): string | null {
  const dir = process.env.EMBEDDING_MODEL_DIR?.trim();
  return dir ? path.resolve(dir) : null;
}

/** The `onnx` config's model names a directory right under EMBEDDING_MODEL_DIR, nothing else. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class OnnxModelError extends Error {
  override name = 'OnnxModelError';
}

export type OnnxModelFiles = { dir: string; subfolder: '' | 'onnx'; hiddenSize: number | null; version: string };

/** What embeddings_registry records as the model of an ONNX directory. */
export const onnxRegistryModel = (name: string) => `onnx:${name}`;

/** Checks a model name and finds its files; throws OnnxModelError saying what is missing. */
export function onnxModelFiles(model: string, baseDir: string | null = onnxModelDir()): OnnxModelFiles {
  if (!baseDir) throw new OnnxModelError('Local ONNX models are not set up on this server: the operator sets EMBEDDING_MODEL_DIR.');
  if (!MODEL_NAME.test(model) || model.includes('..'))
    throw new OnnxModelError(`"${model}" is not a model directory name: use the name of a folder under EMBEDDING_MODEL_DIR.`);
  const dir = path.join(baseDir, model);
  if (!existsSync(/*turbopackIgnore: true*/ dir) || !statSync(/*turbopackIgnore: true*/ dir).isDirectory())
    throw new OnnxModelError(`There is no model "${model}" in EMBEDDING_MODEL_DIR.`);
  const subfolder = existsSync(/*turbopackIgnore: true*/ path.join(dir, 'onnx', 'model.onnx'))
    ? 'onnx'
    : existsSync(/*turbopackIgnore: true*/ path.join(dir, 'model.onnx'))
      ? ''
      : null;
  if (subfolder === null) throw new OnnxModelError(`The model "${model}" has no model.onnx (nor onnx/model.onnx).`);
  // Size and time of the weights: an operator who replaces the files under the same name gets a
  // new version, so vectors of the old weights are not mixed with the new.
  const weights = statSync(/*turbopackIgnore: true*/ path.join(dir, subfolder, 'model.onnx'));
  const version = `${weights.size}-${Math.floor(weights.mtimeMs)}`;
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'config.json'])
    if (!existsSync(path.join(/*turbopackIgnore: true*/ dir, file))) throw new OnnxModelError(`The model "${model}" has no ${file}.`);
  let hiddenSize: number | null = null;
  try {
    const config = JSON.parse(readFileSync(/*turbopackIgnore: true*/ path.join(dir, 'config.json'), 'utf8')) as {
      hidden_size?: unknown;
      dim?: unknown;
    };
    const size = config.hidden_size ?? config.dim;
    if (typeof size === 'number' && Number.isInteger(size) && size > 0) hiddenSize = size;
  } catch {
    throw new OnnxModelError(`The model "${model}" has a config.json that is not JSON.`);
  }
  return { dir, subfolder, hiddenSize, version };
}

/** The usable models under EMBEDDING_MODEL_DIR, by name, for the settings page. */
export function listOnnxModels(baseDir: string | null = onnxModelDir()): Array<{ name: string; dimensions: number | null }> {
  if (!baseDir || !existsSync(/*turbopackIgnore: true*/ baseDir)) return [];
  const out: Array<{ name: string; dimensions: number | null }> = [];
  for (const entry of readdirSync(/*turbopackIgnore: true*/ baseDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    try {
      out.push({ name: entry.name, dimensions: onnxModelFiles(entry.name, baseDir).hiddenSize });
    } catch {
      // Not a complete model: not offered.
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A sentence-transformers model (MiniLM, bge…) exported to ONNX, run by transformers.js on
 * onnxruntime-node inside worker threads: mean pooling over the attention mask, L2-normalised.
 * Nothing is ever downloaded. The dimensions come from config.json's hidden_size and are
 * confirmed by the first answer.
 */
export class OnnxEmbedder implements EmbeddingProvider {
  readonly model: string;
  private knownDimensions: number | null;
  private readonly pool: EmbedWorkerPool;

  constructor(model: string, baseDir: string | null = onnxModelDir()) {
    const files = onnxModelFiles(model, baseDir);
    this.model = onnxRegistryModel(model);
    this.knownDimensions = files.hiddenSize;
    this.pool = new EmbedWorkerPool({ kind: 'onnx', modelDir: path.dirname(files.dir), model, subfolder: files.subfolder });
  }

  /** From config.json, or learnt from the first answer (0 before it when config.json does not say). */
  get dimensions(): number {
    return this.knownDimensions ?? 0;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const vectors = await this.pool.embed(texts);
    const first = vectors[0];
    if (first) {
      const expected = this.knownDimensions ?? first.length;
      if (vectors.some((v) => v.length !== expected))
        throw new OnnxModelError(
          `The model ${this.model} gave vectors of ${first.length} dimensions, not ${expected} as its config.json says.`,
        );
      this.knownDimensions = expected;
    }
    return vectors;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
