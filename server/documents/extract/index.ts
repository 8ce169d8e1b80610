import 'server-only';
import { cleanDocument } from './clean';
import { csvToBlocks } from './csv';
import { extractDocx } from './docx';
import { ExtractionError, tooMuchText } from './errors';
import { htmlToBlocks } from './html';
import { imageSize } from './image';
import { markdownToBlocks } from './markdown';
import { extractPdf } from './pdf';
import { textToBlocks } from './plain-text';
import { extractPptx } from './pptx';
import { decodeText, normalizeText } from './text';
import type { Block, ExtractedDocument, ExtractOptions, FileType } from './types';
import { LIMITS } from './types';

export { ExtractionError, isExtractionError } from './errors';
export type { ExtractionErrorCode } from './errors';
export { applyOcrText, ocrTextToBlocks } from './ocr-text';
export { sniffFileType, type SniffResult } from './sniff';
export type { Block, BlockKind, ExtractedDocument, ExtractedPage, ExtractOptions, FileType } from './types';
export { LIMITS } from './types';

function decode(bytes: Uint8Array, what: string): string {
  const decoded = decodeText(bytes);
  if (!decoded) throw new ExtractionError('unsupported', `This ${what} file is not valid UTF-8 text.`);
  return normalizeText(decoded.text);
}

function single(blocks: Block[], metadata: Record<string, string | number> = {}): ExtractedDocument {
  return { pages: [{ page: null, blocks }], pageCount: null, needsOcr: [], metadata };
}

async function extractByType(bytes: Uint8Array, fileType: FileType, options: ExtractOptions): Promise<ExtractedDocument> {
  switch (fileType) {
    case 'pdf':
      return extractPdf(bytes, options);
    case 'docx':
      return extractDocx(bytes, options);
    case 'pptx':
      return extractPptx(bytes, options);
    case 'html': {
      const { title, blocks } = htmlToBlocks(decode(bytes, 'HTML'));
      return single(blocks, title ? { title } : {});
    }
    case 'md': {
      const { title, blocks } = markdownToBlocks(decode(bytes, 'Markdown'));
      return single(blocks, title ? { title } : {});
    }
    case 'txt':
      return single(textToBlocks(decode(bytes, 'text')));
    case 'csv': {
      const { blocks, columns, rows } = csvToBlocks(decode(bytes, 'CSV'));
      return single(blocks, { columns, rows });
    }
    case 'png':
    case 'jpeg': {
      const size = imageSize(bytes);
      if (!size) throw new ExtractionError('damaged', 'This image is damaged and cannot be read.');
      if (size.width * size.height > LIMITS.maxImagePixels) {
        throw new ExtractionError('too-large', `This image is too large to read (${size.width} × ${size.height} pixels).`);
      }
      // An image has no text layer: its one page is left for OCR.
      return { pages: [{ page: 1, blocks: [] }], pageCount: 1, needsOcr: [1], metadata: { ...size } };
    }
  }
}

/**
 * Reads the text of a file whose type was established by {@link sniffFileType}, as pages of
 * blocks. Throws {@link ExtractionError} (with a sentence for the uploader) for empty, damaged,
 * password-protected or oversized files, and the signal's reason when aborted. The text is
 * cleaned on the way (wrapped lines joined, soft hyphens and line-end hyphenation undone, see
 * ./clean.ts): the blocks returned are the document text that chunk offsets point into.
 */
export async function extractDocument(bytes: Uint8Array, fileType: FileType, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  options.signal?.throwIfAborted();
  if (bytes.length === 0) throw new ExtractionError('empty', 'The file is empty.');
  const doc = cleanDocument(await extractByType(bytes, fileType, options));
  options.signal?.throwIfAborted();
  const maxText = options.maxTextChars ?? LIMITS.maxTextChars;
  const chars = doc.pages.reduce((n, page) => n + page.blocks.reduce((m, block) => m + block.text.length, 0), 0);
  if (chars > maxText) throw tooMuchText(maxText);
  options.onProgress?.(1);
  return doc;
}
