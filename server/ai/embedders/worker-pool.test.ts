import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EmbedWorkerError, EmbedWorkerPool } from './worker-pool';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'embed-worker-'));
  // Echoes a vector of each text's length, and exits on the text "crash", as a dying thread would.
  writeFileSync(
    path.join(dir, 'worker.mjs'),
    `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, texts }) => {
  if (texts.includes('crash')) process.exit(3);
  parentPort.postMessage({ id, vectors: texts.map((t) => [t.length]) });
});`,
  );
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('EmbedWorkerPool', () => {
  it('reports a model that cannot load on each request, with the reason', async () => {
    const pool = new EmbedWorkerPool({ kind: 'onnx', modelDir: dir, model: 'absent', subfolder: '' }, 1);
    await expect(pool.embed(['a'])).rejects.toBeInstanceOf(EmbedWorkerError);
    await expect(pool.embed(['b'])).rejects.toThrow(/absent|not found|local/i);
    await pool.close();
  });

  it('keeps order across tasks and threads, fails the task of a dying thread and replaces it', async () => {
    vi.stubEnv('EMBED_WORKER_FILE', path.join(dir, 'worker.mjs'));
    const pool = new EmbedWorkerPool({ kind: 'use-lite' }, 2);
    const texts = Array.from({ length: 40 }, (_, i) => 'x'.repeat(i));
    expect(await pool.embed(texts)).toEqual(texts.map((t) => [t.length]));
    await expect(pool.embed(['crash'])).rejects.toThrow('the embedding worker stopped: exit code 3');
    expect(await pool.embed(['again'])).toEqual([[5]]);
    await pool.close();
  });
});
