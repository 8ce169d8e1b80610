import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeTinyOnnxModel } from '@/test/tiny-onnx-model';
import { LocalHashingEmbedder } from '../embedding';
import { defaultEmbedderConfig, describeEmbedder, embedderFor, OnnxModelError } from './index';
import { OpenAICompatibleEmbedder } from './openai-compatible';
import { UseLiteEmbedder } from './use-lite';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('embedderFor', () => {
  it('builds each kind, caching the local ones per config', () => {
    const hash = embedderFor({ kind: 'local-hash' });
    expect(hash).toBeInstanceOf(LocalHashingEmbedder);
    expect(embedderFor({ kind: 'local-hash' })).toBe(hash);
    // Constructing USE lite starts no thread and loads no model: that waits for the first embed.
    const use = embedderFor({ kind: 'use-lite' });
    expect(use).toBeInstanceOf(UseLiteEmbedder);
    expect(embedderFor({ kind: 'use-lite' })).toBe(use);
    const config = {
      kind: 'openai-compatible',
      baseUrl: 'https://api.openai.com/v1',
      model: 'text-embedding-3-small',
      dimensions: 512,
    } as const;
    const remote = embedderFor(config, { apiKey: 'sk-a' });
    expect(remote).toBeInstanceOf(OpenAICompatibleEmbedder);
    expect(remote.model).toBe('text-embedding-3-small');
    expect(remote.dimensions).toBe(512);
    expect(embedderFor(config, { apiKey: 'sk-b' })).not.toBe(remote);
  });

  it('builds an ONNX embedder for a model under EMBEDDING_MODEL_DIR and refuses a missing one', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'onnx-models-'));
    try {
      writeTinyOnnxModel(base, 'tiny');
      vi.stubEnv('EMBEDDING_MODEL_DIR', base);
      const onnx = embedderFor({ kind: 'onnx', model: 'tiny' });
      expect(onnx.model).toBe('onnx:tiny');
      expect(onnx.dimensions).toBe(8);
      expect(describeEmbedder({ kind: 'onnx', model: 'tiny' })).toMatchObject({ model: 'onnx:tiny', dimensions: 8 });
      expect(() => embedderFor({ kind: 'onnx', model: '../tiny' })).toThrow(OnnxModelError);
      expect(() => embedderFor({ kind: 'onnx', model: 'absent' })).toThrow('There is no model "absent"');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('defaultEmbedderConfig', () => {
  it('is USE lite unless DEFAULT_EMBEDDER says local-hash, and refuses anything else', () => {
    vi.stubEnv('DEFAULT_EMBEDDER', '');
    expect(defaultEmbedderConfig()).toEqual({ kind: 'use-lite' });
    vi.stubEnv('DEFAULT_EMBEDDER', 'local-hash');
    expect(defaultEmbedderConfig()).toEqual({ kind: 'local-hash' });
    vi.stubEnv('DEFAULT_EMBEDDER', 'openai');
    expect(() => defaultEmbedderConfig()).toThrow('DEFAULT_EMBEDDER must be "use-lite" or "local-hash"');
  });
});

describe('describeEmbedder', () => {
  it('names each kind’s registry model and dimensions, matching the provider', () => {
    expect(describeEmbedder({ kind: 'local-hash' })).toMatchObject({ model: 'local-hash-v1', dimensions: 1536 });
    const use = describeEmbedder({ kind: 'use-lite' });
    expect(use).toMatchObject({ model: 'universal-sentence-encoder-lite', dimensions: 512 });
    expect(use.version).toContain('0.2.0');
    expect(embedderFor({ kind: 'use-lite' }).model).toBe(use.model);
    expect(
      describeEmbedder({ kind: 'openai-compatible', baseUrl: 'http://ollama.lan:11434/v1', model: 'nomic-embed-text', dimensions: 0 }),
    ).toMatchObject({ model: 'nomic-embed-text', dimensions: null, label: 'nomic-embed-text at ollama.lan:11434' });
    expect(describeEmbedder({ kind: 'onnx', model: 'gone' })).toMatchObject({ model: 'onnx:gone', dimensions: null });
  });
});
