import 'server-only';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { EmbeddingProvider } from '../embedding';
import { checkModelUrl, EgressRefusal, requestChecked, type CheckedUrl, type EgressOptions } from '../egress';
import { ProviderError, responseFailure } from '../openai';

/** What an embeddings user sees when the saved address is no longer allowed (DNS or policy changed). */
export const EMBEDDINGS_REFUSED =
  'This workspace’s embedding provider address is not allowed by the server any more. A workspace admin can see why by saving the embedder settings again.';

export type OpenAICompatibleEmbedderConfig = {
  baseUrl: string;
  model: string;
  /** The vector length; sent as the `dimensions` parameter when > 0, learnt from the first answer when 0. */
  dimensions: number;
  apiKey?: string | null;
};

export type EmbedderRequestOptions = {
  /** Inputs per request: OpenAI takes up to 2,048, but a smaller batch bounds each answer's size. */
  batchSize?: number;
  /** Each request, first byte to last. */
  timeoutMs?: number;
  /** Attempts per batch when the provider answers 429 or 5xx, or cannot be reached. */
  attempts?: number;
  /** The first wait between attempts, doubled each time (unless the provider sends Retry-After). */
  retryDelayMs?: number;
};

/** 96 inputs of 3,072 floats as JSON is ~6 MB: anything far above is not an embeddings answer. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** A Retry-After longer than this is not waited for: the job fails and is retried later. */
const MAX_RETRY_AFTER_MS = 30_000;

const embeddingsResponse = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Retry-After as seconds or an HTTP date, in milliseconds; null when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** The body, up to `limit` bytes; null when it is longer. */
async function readBounded(response: IncomingMessage, limit: number): Promise<string | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const bytes of response as AsyncIterable<Buffer>) {
    size += bytes.length;
    if (size > limit) {
      response.destroy();
      return null;
    }
    parts.push(bytes);
  }
  return Buffer.concat(parts).toString('utf8');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failure a later attempt may not repeat (rate limit, overload, connection). */
class Retryable extends Error {
  constructor(
    readonly error: ProviderError,
    readonly waitMs: number | null,
  ) {
    super(error.message);
  }
}

/**
 * Any server speaking OpenAI's `/embeddings` (OpenAI, Azure OpenAI, Ollama, vLLM), reached only
 * through the address checks of egress.ts, as the chat model is: the address is checked on every
 * request, the connection goes to a checked address, redirects are refused, provider error bodies
 * go to the log and never into a message. Inputs go in batches; 429 and 5xx answers are retried
 * with backoff, honouring Retry-After. Each answer is validated: one finite vector per input, by
 * `index`, all of the declared (or first-seen) length.
 */
export class OpenAICompatibleEmbedder implements EmbeddingProvider {
  readonly model: string;
  private learntDimensions: number | null;

  constructor(
    private readonly config: OpenAICompatibleEmbedderConfig,
    /** Where DNS and sockets come from; the system's by default, faked in tests. */
    private readonly egress: EgressOptions = {},
    private readonly options: EmbedderRequestOptions = {},
  ) {
    this.model = config.model;
    this.learntDimensions = config.dimensions > 0 ? config.dimensions : null;
  }

  /** The vector length: declared, or learnt from the first answer (0 before it). */
  get dimensions(): number {
    return this.learntDimensions ?? 0;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const batchSize = this.options.batchSize ?? 96;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) out.push(...(await this.embedBatch(texts.slice(i, i + batchSize))));
    return out;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    const attempts = this.options.attempts ?? 4;
    let delay = this.options.retryDelayMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request(texts);
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        if (attempt >= attempts || (error.waitMs !== null && error.waitMs > MAX_RETRY_AFTER_MS)) throw error.error;
        // Jitter keeps several workers hitting the same rate limit from retrying in step.
        await sleep(error.waitMs ?? delay * (0.75 + Math.random() / 2));
        delay *= 2;
      }
    }
  }

  private async request(texts: string[]): Promise<number[][]> {
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
    let checked: CheckedUrl;
    try {
      checked = await checkModelUrl(this.config.baseUrl, this.egress, signal);
    } catch (error) {
      if (error instanceof EgressRefusal) {
        console.warn(`embeddings request refused: ${error.message}`);
        throw new ProviderError(EMBEDDINGS_REFUSED, 'address_refused');
      }
      if (signal.aborted) throw new Retryable(new ProviderError('The embedding provider did not answer in time.', 'timeout'), null);
      throw error;
    }
    const host = checked.url.host;
    let response: IncomingMessage;
    try {
      response = await requestChecked(
        checked,
        {
          method: 'POST',
          path: '/embeddings',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}`, 'api-key': this.config.apiKey } : {}),
          },
          body: JSON.stringify({
            model: this.config.model,
            input: texts,
            encoding_format: 'float',
            ...(this.config.dimensions > 0 ? { dimensions: this.config.dimensions } : {}),
          }),
          signal,
        },
        this.egress,
      );
    } catch (error) {
      if (signal.aborted) throw new Retryable(new ProviderError('The embedding provider did not answer in time.', 'timeout'), null);
      console.warn(`embedding provider ${host} could not be reached:`, (error as Error).message);
      throw new Retryable(new ProviderError(`The embedding provider (${host}) could not be reached.`, 'unreachable'), null);
    }
    const failure = await responseFailure(response, 'embedding provider', host);
    if (failure?.code === 'http' && RETRYABLE.has(failure.status!)) {
      throw new Retryable(failure, retryAfterMs(response.headers['retry-after']));
    }
    if (failure) throw failure;
    let body: string | null;
    try {
      body = await readBounded(response, MAX_RESPONSE_BYTES);
    } catch {
      if (signal.aborted) throw new Retryable(new ProviderError('The embedding provider did not answer in time.', 'timeout'), null);
      throw new Retryable(new ProviderError(`The connection to the embedding provider (${host}) broke off.`, 'broken_off'), null);
    }
    if (body === null) throw this.malformed(host, `the answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
    return this.parse(host, body, texts.length);
  }

  private parse(host: string, body: string, count: number): number[][] {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw this.malformed(host, 'the answer is not JSON');
    }
    const parsed = embeddingsResponse.safeParse(json);
    if (!parsed.success) throw this.malformed(host, 'the answer is not an embeddings list');
    const { data } = parsed.data;
    if (data.length !== count) throw this.malformed(host, `${data.length} vectors for ${count} inputs`);
    const vectors: number[][] = new Array(count);
    for (const item of data) {
      if (item.index >= count || vectors[item.index]) throw this.malformed(host, `index ${item.index} is out of range or repeated`);
      vectors[item.index] = item.embedding;
    }
    const expected = this.learntDimensions ?? vectors[0]!.length;
    for (const vector of vectors) {
      if (vector.length !== expected)
        throw new ProviderError(
          `The embedding provider (${host}) returned vectors of ${vector.length} dimensions where ${expected} were expected: check the model and its dimensions setting.`,
          'http',
        );
      if (!vector.every(Number.isFinite)) throw this.malformed(host, 'a vector holds a value that is not a finite number');
    }
    if (expected === 0) throw this.malformed(host, 'the vectors are empty');
    this.learntDimensions = expected;
    return vectors;
  }

  private malformed(host: string, why: string): ProviderError {
    console.warn(`embedding provider ${host} answered malformed embeddings: ${why}`);
    return new ProviderError(`The embedding provider (${host}) answered with something that is not a valid embeddings response.`, 'http');
  }
}
