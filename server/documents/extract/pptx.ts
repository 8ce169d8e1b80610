import 'server-only';
import { ExtractionError, tooMuchText, withDamagedMessage } from './errors';
import { attribute, parseRelationships, readCoreProperties, relsPathFor, walkXml } from './ooxml';
import { collapseWhitespace } from './text';
import type { Block, ExtractedDocument, ExtractOptions } from './types';
import { LIMITS } from './types';
import { checkDeclaredSizes, listZipEntries, newBudget, readZipText, type ZipBudget, type ZipEntry } from './zip';

const DAMAGED = 'This PowerPoint file is damaged and cannot be read.';
const REL_SLIDE = /\/relationships\/slide$/;
const REL_NOTES = /\/relationships\/notesSlide$/;
/** Footer, date and slide-number placeholders repeat on every slide and say nothing. */
const BOILERPLATE = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);
const TITLES = new Set(['title', 'ctrTitle']);

type Paragraph = { text: string; level: number; bullet: 'none' | 'yes' | null };
type Shape = { placeholder: string | null; paragraphs: Paragraph[] };
type Item = { shape: Shape } | { row: string };

/** Shapes (with their placeholder type) and table rows of one slide, in document order. */
function parseSlide(xml: string): Item[] {
  const items: Item[] = [];
  let shape: Shape | null = null;
  let paragraph: Paragraph | null = null;
  let row: string[] | null = null;
  let cell: string | null = null;
  let inText = false;
  walkXml(xml, {
    open(name, attribs) {
      switch (name) {
        case 'sp':
          shape = { placeholder: null, paragraphs: [] };
          items.push({ shape });
          break;
        case 'ph':
          // A placeholder without a type is a content ("obj") placeholder.
          if (shape) shape.placeholder = attribute(attribs, 'type', false) ?? 'obj';
          break;
        case 'tr':
          row = [];
          break;
        case 'tc':
          cell = '';
          break;
        case 'p':
          paragraph = { text: '', level: 0, bullet: null };
          break;
        case 'pPr':
          if (paragraph) paragraph.level = Number(attribute(attribs, 'lvl', false) ?? 0) || 0;
          break;
        case 'buNone':
          if (paragraph) paragraph.bullet = 'none';
          break;
        case 'buChar':
        case 'buAutoNum':
        case 'buBlip':
          if (paragraph) paragraph.bullet = 'yes';
          break;
        case 't':
          inText = true;
          break;
        case 'br':
        case 'tab':
          if (paragraph) paragraph.text += ' ';
          break;
      }
    },
    text(text) {
      if (inText && paragraph) paragraph.text += text;
    },
    close(name) {
      switch (name) {
        case 't':
          inText = false;
          break;
        case 'p': {
          const done: Paragraph | null = paragraph;
          paragraph = null;
          if (!done) break;
          if (cell !== null) cell += ' ' + done.text;
          else if (shape) shape.paragraphs.push(done);
          break;
        }
        case 'tc':
          if (row && cell !== null) row.push(collapseWhitespace(cell));
          cell = null;
          break;
        case 'tr':
          if (row?.some(Boolean)) items.push({ row: row.filter(Boolean).join(' | ') });
          row = null;
          break;
        case 'sp':
          shape = null;
          break;
      }
    },
  });
  return items;
}

/** Slide items as blocks: the title first, bullets of content placeholders as list items. */
function slideBlocks(items: Item[]): Block[] {
  const titles: Block[] = [];
  const rest: Block[] = [];
  for (const item of items) {
    if ('row' in item) {
      rest.push({ kind: 'row', text: item.row });
      continue;
    }
    const { placeholder, paragraphs } = item.shape;
    if (placeholder && BOILERPLATE.has(placeholder)) continue;
    if (placeholder && TITLES.has(placeholder)) {
      const text = collapseWhitespace(paragraphs.map((p) => p.text).join(' '));
      if (text) titles.push({ kind: 'slide-title', text, level: 1 });
      continue;
    }
    const bulleted = placeholder === 'body' || placeholder === 'obj';
    for (const p of paragraphs) {
      const text = collapseWhitespace(p.text);
      if (!text) continue;
      const isList = p.bullet === 'yes' || (bulleted && p.bullet !== 'none');
      rest.push(isList ? { kind: 'list', text, level: p.level + 1 } : { kind: 'paragraph', text });
    }
  }
  // One title per slide: a second title placeholder is ordinary text.
  const [title, ...extra] = titles;
  return [...(title ? [title] : []), ...extra.map((b): Block => ({ kind: 'paragraph', text: b.text })), ...rest];
}

function notesText(xml: string): string {
  const parts: string[] = [];
  for (const item of parseSlide(xml)) {
    if ('shape' in item && item.shape.placeholder === 'body') {
      parts.push(...item.shape.paragraphs.map((p) => collapseWhitespace(p.text)).filter(Boolean));
    }
  }
  return parts.join(' ');
}

function readPart(bytes: Uint8Array, entries: ZipEntry[], name: string, budget: ZipBudget): string | undefined {
  return readZipText(bytes, entries, [name], budget).get(name);
}

/**
 * One page per slide, numbered in presentation order (not by file name), with the slide title,
 * text boxes, bullets (with their level), table rows and, optionally, the speaker notes. Only
 * the parts needed are inflated, each charged to the unzip budget.
 */
export async function extractPptx(
  bytes: Uint8Array,
  options: ExtractOptions & { includeNotes?: boolean } = {},
): Promise<ExtractedDocument> {
  try {
    return await readDeck(bytes, options);
  } catch (error) {
    throw withDamagedMessage(error, DAMAGED);
  }
}

async function readDeck(bytes: Uint8Array, options: ExtractOptions & { includeNotes?: boolean }): Promise<ExtractedDocument> {
  const { signal, onProgress } = options;
  const budget = newBudget(options.maxUnzippedBytes ?? LIMITS.maxUnzippedBytes);
  const maxText = options.maxTextChars ?? LIMITS.maxTextChars;
  const entries = listZipEntries(bytes);
  checkDeclaredSizes(entries, budget);
  const presentation = readPart(bytes, entries, 'ppt/presentation.xml', budget);
  const presentationRels = readPart(bytes, entries, relsPathFor('ppt/presentation.xml'), budget);
  if (!presentation || !presentationRels) {
    throw new ExtractionError('damaged', DAMAGED);
  }
  const rels = parseRelationships(presentationRels, 'ppt/presentation.xml');
  const slideParts: string[] = [];
  walkXml(presentation, {
    open(name, attribs) {
      if (name !== 'sldId') return;
      const rel = rels.get(attribute(attribs, 'id', true) ?? '');
      if (rel && REL_SLIDE.test(rel.type)) slideParts.push(rel.target);
    },
  });

  const metadata: Record<string, string | number> = readCoreProperties(readPart(bytes, entries, 'docProps/core.xml', budget));
  const limit = Math.min(slideParts.length, options.maxPages ?? slideParts.length);
  if (limit < slideParts.length) metadata.truncated = `first ${limit} of ${slideParts.length} slides`;
  const pages: ExtractedDocument['pages'] = [];
  let chars = 0;
  for (let i = 0; i < limit; i++) {
    signal?.throwIfAborted();
    const part = slideParts[i]!;
    const xml = readPart(bytes, entries, part, budget);
    if (xml === undefined) throw new ExtractionError('damaged', DAMAGED);
    const blocks = slideBlocks(parseSlide(xml));
    if (options.includeNotes !== false) {
      const slideRels = readPart(bytes, entries, relsPathFor(part), budget);
      const notesPart = slideRels
        ? [...parseRelationships(slideRels, part).values()].find((rel) => REL_NOTES.test(rel.type))?.target
        : undefined;
      const notesXml = notesPart ? readPart(bytes, entries, notesPart, budget) : undefined;
      const notes = notesXml ? notesText(notesXml) : '';
      if (notes) blocks.push({ kind: 'paragraph', text: `Speaker notes: ${notes}` });
    }
    chars += blocks.reduce((n, b) => n + b.text.length, 0);
    if (chars > maxText) throw tooMuchText(maxText);
    pages.push({ page: i + 1, blocks });
    onProgress?.((i + 1) / limit);
    // Yield to the event loop between slides so an abort (or other work) gets a turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { pages, pageCount: slideParts.length, needsOcr: [], metadata };
}
