import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_DIMENSIONS, writeTinyOnnxModel } from '@/test/tiny-onnx-model';
import { cosineSimilarity } from '../embedding';
import { listOnnxModels, OnnxEmbedder, onnxModelFiles, OnnxModelError } from './onnx';

let base: string;
const embedders: OnnxEmbedder[] = [];

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'onnx-models-'));
  writeTinyOnnxModel(base, 'tiny-root');
  writeTinyOnnxModel(base, 'tiny-sub', { subfolder: true });
  mkdirSync(path.join(base, 'incomplete'));
  writeFileSync(path.join(base, 'incomplete', 'config.json'), '{}');
});
afterAll(async () => {
  await Promise.all(embedders.map((e) => e.close()));
  rmSync(base, { recursive: true, force: true });
});

function embedder(name: string) {
  const e = new OnnxEmbedder(name, base);
  embedders.push(e);
  return e;
}

const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('OnnxEmbedder on a tiny model built by the test', () => {
  it('embeds with model.onnx at the root: dimensions, normalisation, order, determinism', async () => {
    const e = embedder('tiny-root');
    expect(e.dimensions).toBe(TINY_DIMENSIONS);
    expect(e.model).toBe('onnx:tiny-root');
    const texts = ['my cat is on the car', 'the dog', 'which port does ssh use'];
    const a = await e.embed(texts);
    const b = await e.embed(texts);
    expect(a).toHaveLength(3);
    for (const vector of a) {
      expect(vector).toHaveLength(TINY_DIMENSIONS);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect(a).toEqual(b);
    // Embedding one text alone gives what it got inside a padded batch.
    const [alone] = await e.embed(['the dog']);
    for (let i = 0; i < TINY_DIMENSIONS; i++) expect(alone![i]).toBeCloseTo(a[1]![i]!, 5);
  });

  it('puts similar inputs closer, with the model under onnx/', async () => {
    const e = embedder('tiny-sub');
    const [cat, kitten, truck] = await e.embed(['my cat', 'the kitten', 'the truck']);
    expect(cosineSimilarity(cat!, kitten!)).toBeGreaterThan(cosineSimilarity(cat!, truck!));
  });

  it('lists only complete models, and refuses names that leave the directory', () => {
    expect(listOnnxModels(base)).toEqual([
      { name: 'tiny-root', dimensions: TINY_DIMENSIONS },
      { name: 'tiny-sub', dimensions: TINY_DIMENSIONS },
    ]);
    expect(listOnnxModels(null)).toEqual([]);
    for (const name of ['..', '../etc', '/etc', 'a/b', '.hidden', '']) expect(() => onnxModelFiles(name, base)).toThrow(OnnxModelError);
    expect(() => onnxModelFiles('missing', base)).toThrow('There is no model "missing"');
    expect(() => onnxModelFiles('incomplete', base)).toThrow('has no model.onnx');
    expect(() => onnxModelFiles('tiny-root', null)).toThrow('EMBEDDING_MODEL_DIR');
  });
});
