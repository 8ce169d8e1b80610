import 'server-only';
import { readFile } from 'node:fs/promises';
import { PDFiumLibrary } from '@hyzyla/pdfium';
import { packageFile } from '@/server/shared/package-files';
import { ExtractionError } from './errors';
import { encodeGrayPng } from './png';

type Library = Awaited<ReturnType<typeof PDFiumLibrary.init>>;
/** A letter page at 300 dpi is ~8.4 megapixels; posters are scaled down to about three times that. */
const MAX_RENDER_PIXELS = 25_000_000;
let library: Promise<Library> | null = null;

/**
 * PDFium compiled to WebAssembly: renders pages without a native canvas or system fonts (it
 * carries its own). The wasm file is read from node_modules so nothing is fetched at run time.
 */
function getLibrary(): Promise<Library> {
  library ??= (async () => {
    const wasm = await readFile(packageFile('@hyzyla/pdfium/pdfium.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    return PDFiumLibrary.init({ wasmBinary });
  })();
  library.catch(() => {
    library = null;
  });
  return library;
}

export type RenderedPage = { page: number; png: Uint8Array; width: number; height: number };

export type RenderOptions = {
  /** Resolution to render at; OCR engines are tuned for about 300 dpi. */
  dpi?: number;
  /** Pages are rendered smaller rather than above this many pixels. */
  maxPixels?: number;
  signal?: AbortSignal;
};

/**
 * Renders the given 1-based pages of a PDF to greyscale PNGs, one at a time (a scanned page at
 * 300 dpi is ~9 megapixels, so they are never all held at once). Pages out of range are skipped.
 */
export async function* renderPdfPages(bytes: Uint8Array, pages: number[], options: RenderOptions = {}): AsyncGenerator<RenderedPage> {
  const { dpi = 300, maxPixels = MAX_RENDER_PIXELS, signal } = options;
  const pdfium = await getLibrary();
  let document;
  try {
    document = await pdfium.loadDocument(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/password/i.test(message)) throw new ExtractionError('encrypted', 'This PDF is password-protected.', { cause: error });
    throw new ExtractionError('damaged', 'This PDF is damaged and cannot be read.', { cause: error });
  }
  try {
    const count = document.getPageCount();
    for (const number of pages) {
      signal?.throwIfAborted();
      if (!Number.isInteger(number) || number < 1 || number > count) continue;
      const page = document.getPage(number - 1);
      const { originalWidth, originalHeight } = page.getOriginalSize();
      let scale = dpi / 72;
      const pixels = originalWidth * originalHeight * scale * scale;
      if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
      const image = await page.render({ scale, render: 'bitmap', colorSpace: 'Gray' });
      yield { page: number, png: encodeGrayPng(image.data, image.width, image.height), width: image.width, height: image.height };
    }
  } finally {
    document.destroy();
  }
}
