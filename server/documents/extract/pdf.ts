import 'server-only';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { ExtractionError, tooMuchText } from './errors';
import { linesToBlocks, type PdfLine } from './pdf-layout';
import type { ExtractedDocument, ExtractOptions } from './types';
import { LIMITS } from './types';

/** Fewer letters and digits than this on a page means it has no usable text layer. */
const MIN_TEXT_LAYER_CHARS = 16;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;

/**
 * pdf.js in Node runs its "worker" on the main thread. Importing the worker module ourselves
 * (it registers globalThis.pdfjsWorker) means pdf.js never has to locate the file at run time,
 * which breaks once a bundler has moved things around.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsPromise;
}

function isTextItem(item: unknown): item is TextItem {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/** Groups pdf.js text items into visual lines: same baseline, or until pdf.js says a line ended. */
function itemsToLines(items: unknown[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let line: (PdfLine & { endX: number; weights: Map<number, number> }) | null = null;
  let lineEnded = false;
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10;
    const str = item.str.replace(/[\uFB00-\uFB06]/g, (ligature) => ligature.normalize('NFKC'));
    if (str.length > 0) {
      const sameLine = line !== null && !lineEnded && Math.abs(y - line.y) <= 0.4 * Math.max(size, line.size);
      if (!sameLine || !line) {
        line = { text: '', x, y, size, endX: x, weights: new Map() };
        lines.push(line);
      } else if (x - line.endX > 0.15 * size && !/\s$/.test(line.text) && !/^\s/.test(str)) {
        line.text += ' ';
      }
      line.text += str;
      line.endX = x + item.width;
      // The line's size is the one most of its characters have (drop caps and superscripts aside).
      const rounded = Math.round(size * 2) / 2;
      line.weights.set(rounded, (line.weights.get(rounded) ?? 0) + str.length);
      line.size = [...line.weights].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
      lineEnded = false;
    }
    if (item.hasEOL) lineEnded = true;
  }
  return lines.map(({ text, x, y, size }) => ({ text: text.replace(/\s+/g, ' ').trim(), x, y, size })).filter((l) => l.text.length > 0);
}

function infoString(info: unknown, key: string): string | null {
  if (typeof info !== 'object' || info === null) return null;
  const value = (info as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/**
 * Text of each page with its page number, rebuilt into headings and paragraphs from the text
 * items' positions and sizes. Pages with (almost) no text are listed in `needsOcr`.
 */
export async function extractPdf(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const { signal, onProgress } = options;
  const maxText = options.maxTextChars ?? LIMITS.maxTextChars;
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js may take ownership of the buffer, so it gets a copy.
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const abort = () => void task.destroy();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    let pdf;
    try {
      pdf = await task.promise;
    } catch (error) {
      signal?.throwIfAborted();
      if (error instanceof Error && error.name === 'PasswordException') {
        throw new ExtractionError('encrypted', 'This PDF is password-protected.', { cause: error });
      }
      throw new ExtractionError('damaged', 'This PDF is damaged and cannot be read.', { cause: error });
    }

    const metadata: Record<string, string | number> = {};
    try {
      const { info } = await pdf.getMetadata();
      const title = infoString(info, 'Title');
      const author = infoString(info, 'Author');
      if (title) metadata.title = title;
      if (author) metadata.author = author;
    } catch {
      // Broken metadata does not make the text unreadable.
    }

    const pageCount = pdf.numPages;
    const limit = Math.min(pageCount, options.maxPages ?? pageCount);
    if (limit < pageCount) metadata.truncated = `first ${limit} of ${pageCount} pages`;
    const linesByPage: PdfLine[][] = [];
    const needsOcr: number[] = [];
    let chars = 0;
    for (let number = 1; number <= limit; number++) {
      signal?.throwIfAborted();
      let lines: PdfLine[];
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        lines = itemsToLines(content.items);
        page.cleanup();
      } catch (error) {
        signal?.throwIfAborted();
        throw new ExtractionError('damaged', 'This PDF is damaged and cannot be read.', { cause: error });
      }
      const letters = lines.reduce((n, l) => n + (l.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
      if (letters < MIN_TEXT_LAYER_CHARS) needsOcr.push(number);
      chars += lines.reduce((n, l) => n + l.text.length, 0);
      if (chars > maxText) throw tooMuchText(maxText);
      linesByPage.push(lines);
      onProgress?.(number / limit);
    }
    const pages = linesToBlocks(linesByPage).map((blocks, i) => ({ page: i + 1, blocks }));
    return { pages, pageCount, needsOcr, metadata };
  } finally {
    signal?.removeEventListener('abort', abort);
    await task.destroy();
  }
}
