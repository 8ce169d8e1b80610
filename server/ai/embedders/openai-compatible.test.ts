import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAKE_ERROR_SECRET, fakeEmbedding, startFakeOpenAI } from '@/test/fake-openai';
import type { Connect, Lookup } from '../egress';
import { ProviderError } from '../openai';
import { EMBEDDINGS_REFUSED, OpenAICompatibleEmbedder } from './openai-compatible';

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let fakePort: number;

beforeAll(async () => {
  fake = await startFakeOpenAI('unused');
  fakePort = Number(new URL(fake.baseUrl).port);
});
afterAll(async () => {
  await fake?.stop();
});

/** The fake server on loopback is allowed explicitly, as an operator would allow a local Ollama. */
const local = { allowedHosts: '127.0.0.1' };
const fast = { retryDelayMs: 1 };

function embedder(model: string, dimensions = 0, options = {}) {
  return new OpenAICompatibleEmbedder({ baseUrl: fake.baseUrl, model, dimensions, apiKey: 'sk-test' }, local, { ...fast, ...options });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('OpenAICompatibleEmbedder', () => {
  it('embeds in batches, in input order by index, learning the dimensions from the first answer', async () => {
    const before = fake.requests.length;
    const e = embedder('embed-ok', 0, { batchSize: 2 });
    expect(e.dimensions).toBe(0);
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const vectors = await e.embed(texts);
    expect(vectors).toEqual(texts.map((t) => fakeEmbedding(t, 4)));
    expect(e.dimensions).toBe(4);
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => r.body.input)).toEqual([['alpha', 'beta'], ['gamma', 'delta'], ['epsilon']]);
    expect(sent.every((r) => r.path === '/v1/embeddings' && r.authorization === 'Bearer sk-test' && r.body.dimensions === undefined)).toBe(
      true,
    );
    expect(await e.embed([])).toEqual([]);
  });

  it('sends the configured dimensions and holds the provider to them', async () => {
    const before = fake.requests.length;
    const e = embedder('embed-ok', 6);
    expect(e.dimensions).toBe(6);
    const [vector] = await e.embed(['hello']);
    expect(vector).toHaveLength(6);
    expect(fake.requests[before]!.body.dimensions).toBe(6);
  });

  it('refuses a private address without connecting, and says so without naming it', async () => {
    const lookup = vi.fn<Lookup>(async () => [{ address: '10.1.2.3', family: 4 }]);
    const connect = vi.fn<Connect>(() => net.connect({ host: '127.0.0.1', port: fakePort }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const e = new OpenAICompatibleEmbedder(
      { baseUrl: `http://internal.example:${fakePort}/v1`, model: 'embed-ok', dimensions: 4 },
      { lookup, connect },
      fast,
    );
    const error = await failure(e.embed(['x']));
    warn.mockRestore();
    expect(error.code).toBe('address_refused');
    expect(error.message).toBe(EMBEDDINGS_REFUSED);
    expect(error.message).not.toContain('10.1.2.3');
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses loopback unless the operator allows it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const e = new OpenAICompatibleEmbedder({ baseUrl: fake.baseUrl, model: 'embed-ok', dimensions: 4 }, { allowedHosts: '' }, fast);
    expect((await failure(e.embed(['x']))).code).toBe('address_refused');
    warn.mockRestore();
  });

  it('rejects a malformed answer and a vector of the wrong length', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const malformed = await failure(embedder('embed-malformed').embed(['a', 'b']));
    expect(malformed.message).toMatch(/not a valid embeddings response/);
    const wrong = await failure(embedder('embed-wrong-dimension').embed(['a', 'b', 'c']));
    expect(wrong.message).toMatch(/vectors of 5 dimensions where 4 were expected/);
    const declared = await failure(embedder('embed-wrong-dimension', 3).embed(['a', 'b']));
    expect(declared.message).toMatch(/4 dimensions where 3 were expected/);
    warn.mockRestore();
  });

  it('retries after a 429 (honouring Retry-After) and then succeeds', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = fake.requests.length;
    const vectors = await embedder('embed-rate-limited').embed(['one', 'two']);
    warn.mockRestore();
    expect(vectors).toEqual([fakeEmbedding('one', 4), fakeEmbedding('two', 4)]);
    expect(fake.requests.length - before).toBe(2);
  });

  it('gives up after its attempts on 5xx, never showing the provider’s body', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = fake.requests.length;
    const error = await failure(embedder('failing', 0, { attempts: 3 }).embed(['x']));
    warn.mockRestore();
    expect(fake.requests.length - before).toBe(3);
    expect(error.status).toBe(500);
    expect(error.message).toBe(`The embedding provider (127.0.0.1:${fakePort}) answered 500 Internal Server Error.`);
    expect(error.message).not.toContain(FAKE_ERROR_SECRET);
  });

  it('does not follow a redirect', async () => {
    const error = await failure(embedder('redirect').embed(['x']));
    expect(error.code).toBe('redirect');
  });

  it('times out a provider that never answers', async () => {
    const error = await failure(embedder('slow', 0, { timeoutMs: 200, attempts: 1 }).embed(['x']));
    expect(error.code).toBe('timeout');
  });
});
