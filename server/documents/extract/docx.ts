import 'server-only';
import mammoth from 'mammoth';
import { ExtractionError, tooMuchText, withDamagedMessage } from './errors';
import { htmlToBlocks } from './html';
import { readCoreProperties } from './ooxml';
import type { ExtractedDocument, ExtractOptions } from './types';
import { LIMITS } from './types';
import { newBudget, readZipText, vetZip } from './zip';

/** Word's title styles are not headings to mammoth by default, but they are to a reader. */
const DAMAGED = 'This Word document is damaged and cannot be read.';

const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/**
 * Headings, paragraphs, list items and table rows of a Word document, via mammoth's HTML. Word
 * files have no fixed pages, so there is one page with `page: null`. Before mammoth sees the
 * file, every entry is inflated once and counted, so a zip bomb is refused instead of opened.
 */
export async function extractDocx(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const limit = options.maxUnzippedBytes ?? LIMITS.maxUnzippedBytes;
  let entries;
  try {
    entries = vetZip(bytes, newBudget(limit), options.signal);
  } catch (error) {
    throw withDamagedMessage(error, DAMAGED);
  }
  options.onProgress?.(0.3);
  // Already vetted above, so a fresh budget of the same size is only a formality.
  const core = readZipText(bytes, entries, ['docProps/core.xml'], newBudget(limit)).get('docProps/core.xml');

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        // Images are not text; skipping them keeps base64 blobs out of memory and out of the index.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        // A document may link files on the server's disk; they must never be read.
        externalFileAccess: false,
        ignoreEmptyParagraphs: true,
      },
    );
    html = result.value;
  } catch (error) {
    throw new ExtractionError('damaged', DAMAGED, { cause: error });
  }
  options.signal?.throwIfAborted();
  const { blocks } = htmlToBlocks(html);
  const maxText = options.maxTextChars ?? LIMITS.maxTextChars;
  if (blocks.reduce((n, b) => n + b.text.length, 0) > maxText) throw tooMuchText(maxText);
  return {
    pages: [{ page: null, blocks }],
    pageCount: null,
    needsOcr: [],
    metadata: readCoreProperties(core),
  };
}
