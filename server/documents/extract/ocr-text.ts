import 'server-only';
import { buildVocabulary, joinLines, removeSoftHyphens } from './clean';
import type { Block, ExtractedDocument } from './types';

/**
 * OCR output as paragraphs: blank lines separate paragraphs; inside one, the engine's line breaks
 * are only where the text wrapped, so lines are joined (and "infor-" + "mation" rejoined, see ./clean.ts).
 */
export function ocrTextToBlocks(text: string): Block[] {
  const normalized = removeSoftHyphens(text.replace(/\r\n?/g, '\n'));
  const vocabulary = buildVocabulary(normalized);
  return normalized
    .split(/\n[ \t]*\n+/)
    .map((paragraph) =>
      joinLines(
        paragraph.split('\n').map((line) => line.trim()),
        vocabulary,
      ),
    )
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => ({ kind: 'paragraph', text: paragraph }));
}

/**
 * A copy of `doc` with page `page`'s blocks replaced by the OCR text (the page image shows any
 * text layer it had too) and the page taken off `needsOcr`. Pure: the caller decides when to OCR.
 */
export function applyOcrText(doc: ExtractedDocument, page: number, text: string): ExtractedDocument {
  const blocks = ocrTextToBlocks(text);
  let found = false;
  const pages = doc.pages.map((p) => {
    if (p.page !== page) return p;
    found = true;
    return { page: p.page, blocks };
  });
  if (!found) {
    pages.push({ page, blocks });
    pages.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
  }
  return { ...doc, pages, needsOcr: doc.needsOcr.filter((n) => n !== page) };
}
