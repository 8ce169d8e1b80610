import 'server-only';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** What a worker thread loads once and then serves (see embed-worker.mjs). */
export type WorkerModel =
  /** maxWindows: USE lite windows per text (USE_LITE_MAX_WINDOWS, 8 by default); the bench varies it. */
  { kind: 'use-lite'; maxWindows?: number } | { kind: 'onnx'; modelDir: string; model: string; subfolder: string };

/**
 * The worker is a plain .mjs file found from the project root rather than from this module's
 * location: under Next.js this module is bundled into .next/, where neither a relative path nor
 * import.meta.url points back at the source tree. Every entry point (next-server, tsx scripts,
 * Vitest) runs with the project root as its working directory.
 */
export function workerFile(): string {
  return (
    process.env.EMBED_WORKER_FILE || path.join(/*turbopackIgnore: true*/ process.cwd(), 'server', 'ai', 'embedders', 'embed-worker.mjs')
  );
}

/**
 * Threads per model: one per spare core, at most two. Each thread holds its own copy of the model
 * (USE lite: ~135 MB resident, measured), and on a 2-core machine the second core belongs to the web
 * process and the database.
 */
export function defaultPoolSize(): number {
  const configured = Number(process.env.EMBED_WORKERS);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(1, Math.min(2, os.availableParallelism() - 1));
}

/** Texts per message to a worker: small enough that two workers share a long batch. */
const TASK_SIZE = 16;

type Task = { texts: string[]; resolve: (vectors: number[][]) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; busy: Task | null; id: number };

/** The model failed inside its worker (could not load, or inference threw). */
export class EmbedWorkerError extends Error {
  override name = 'EmbedWorkerError';
}

/**
 * A small pool of worker threads serving one model. Threads start on the first request (a
 * process that never embeds never loads a model), each loads the model once, and each takes one
 * task at a time from a shared queue. Idle threads do not keep the process alive; a thread that
 * dies fails its task and is replaced on the next one.
 */
export class EmbedWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;

  constructor(
    private readonly model: WorkerModel,
    private readonly size: number = defaultPoolSize(),
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const parts: Promise<number[][]>[] = [];
    for (let i = 0; i < texts.length; i += TASK_SIZE) {
      const slice = texts.slice(i, i + TASK_SIZE);
      parts.push(new Promise((resolve, reject) => this.queue.push({ texts: slice, resolve, reject })));
    }
    this.dispatch();
    return (await Promise.all(parts)).flat();
  }

  /** Stops every thread (tests, shutdown); the pool starts new ones if used again. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.busy = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: ++this.nextId, texts: task.texts });
      slot.id = this.nextId;
    }
  }

  private spawn(): Slot {
    // Not a bundler entry: the worker is started from the source tree as it is (see workerFile).
    const worker = new Worker(/*turbopackIgnore: true*/ workerFile(), { workerData: this.model });
    const slot: Slot = { worker, busy: null, id: 0 };
    worker.unref();
    worker.on('message', (message: { id: number; vectors?: number[][]; error?: string }) => {
      const task = slot.busy;
      if (!task || message.id !== slot.id) return;
      slot.busy = null;
      worker.unref();
      if (message.error !== undefined) task.reject(new EmbedWorkerError(message.error));
      else task.resolve(message.vectors ?? []);
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      const task = slot.busy;
      slot.busy = null;
      task?.reject(new EmbedWorkerError(`the embedding worker stopped: ${error.message}`));
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}
