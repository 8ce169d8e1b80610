import 'server-only';
import path from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { packageFile } from '@/server/shared/package-files';
import { ExtractionError } from './errors';
import { imageSize } from './image';
import { renderPdfPages, type RenderOptions } from './render';
import { LIMITS } from './types';

export type OcrResult = { text: string; /** 0 to 1 */ confidence: number };

/** The OCR engine (worker thread, wasm core or language data) could not be started. */
export class OcrEngineError extends Error {
  override name = 'OcrEngineError';
}
export type OcrOptions = { signal?: AbortSignal };

/** A worker costs ~2 s to start (engine + language data), so one is kept while OCR is in use. */
const IDLE_MS = 60_000;

let worker: Promise<Worker> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();

/**
 * English LSTM data shipped by @tesseract.js-data/eng (the "best_int" model, which is what
 * tesseract.js itself would download for LSTM-only recognition). Read from node_modules; with
 * `cacheMethod: 'none'` nothing is downloaded and no cache file is written into the working
 * directory. The worker script and the wasm core also resolve inside node_modules.
 */
function languagePath(): string {
  return path.join(path.dirname(packageFile('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

function getWorker(): Promise<Worker> {
  worker ??= (async () => {
    try {
      return await createWorker('eng', OEM.LSTM_ONLY, { langPath: languagePath(), gzip: true, cacheMethod: 'none' });
    } catch (error) {
      throw new OcrEngineError('The OCR engine could not start.', { cause: error });
    }
  })();
  worker.catch(() => {
    worker = null;
  });
  return worker;
}

/** Stops the shared OCR worker, if one is running (tests and shutdown call this). */
export async function terminateOcr(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const current = worker;
  worker = null;
  if (current) await current.then((w) => w.terminate()).catch(() => {});
}

function scheduleIdleStop() {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void terminateOcr(), IDLE_MS);
  // An idle OCR worker must not keep a CLI or test process alive.
  idleTimer.unref();
}

/** Runs OCR jobs one after another: the engine is single-threaded and memory-hungry. */
function serially<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => {});
  return run;
}

async function recognize(bytes: Uint8Array, signal?: AbortSignal): Promise<OcrResult> {
  signal?.throwIfAborted();
  if (idleTimer) clearTimeout(idleTimer);
  const w = await getWorker();
  // Tesseract cannot stop mid-page; on abort the worker is killed and the next call starts anew.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      void terminateOcr();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const { data } = await Promise.race([w.recognize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), aborted]);
    const text = data.text.replace(/[ \t]+$/gm, '').trim();
    return { text, confidence: Math.max(0, Math.min(1, (data.confidence ?? 0) / 100)) };
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    scheduleIdleStop();
  }
}

/**
 * Text in a PNG or JPEG image, in English, with the engine's mean confidence (0 to 1). Images
 * whose header cannot be read, or that are too large to decode safely, are refused up front.
 */
export function ocrImage(bytes: Uint8Array, options: OcrOptions = {}): Promise<OcrResult> {
  const size = imageSize(bytes);
  if (!size) return Promise.reject(new ExtractionError('damaged', 'This image is damaged and cannot be read.'));
  if (size.width * size.height > LIMITS.maxImagePixels) {
    return Promise.reject(new ExtractionError('too-large', `This image is too large to read (${size.width} × ${size.height} pixels).`));
  }
  return serially(() => recognize(bytes, options.signal));
}

/**
 * OCR of scanned PDF pages (those `extractDocument` lists in `needsOcr`): each page is rendered
 * with PDFium (WebAssembly, no native canvas) to a greyscale PNG and read like an image.
 */
export async function ocrPdfPages(
  bytes: Uint8Array,
  pages: number[],
  options: OcrOptions & Omit<RenderOptions, 'signal'> & { onProgress?: (fraction: number) => void } = {},
): Promise<Array<OcrResult & { page: number }>> {
  const results: Array<OcrResult & { page: number }> = [];
  for await (const rendered of renderPdfPages(bytes, pages, options)) {
    results.push({ page: rendered.page, ...(await ocrImage(rendered.png, options)) });
    options.onProgress?.(results.length / pages.length);
  }
  return results;
}

/** One scanned PDF page; see {@link ocrPdfPages}. */
export async function ocrPdfPage(
  bytes: Uint8Array,
  page: number,
  options: OcrOptions & Omit<RenderOptions, 'signal'> = {},
): Promise<OcrResult> {
  const [result] = await ocrPdfPages(bytes, [page], options);
  if (!result) throw new RangeError(`page ${page} is not in this PDF`);
  return { text: result.text, confidence: result.confidence };
}
