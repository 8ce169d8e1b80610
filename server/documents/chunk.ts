import 'server-only';
import type { BlockKind, ExtractedDocument } from './extract/types';

/**
 * Offsets: `charStart`/`charEnd` are JavaScript string indices (UTF-16 code units) into
 * {@link documentText}: every block of every page, in order, joined by {@link BLOCK_SEPARATOR}.
 * A chunk's `content` is exactly `documentText(doc).slice(charStart, charEnd)` — overlap
 * included: a chunk that carries the tail of its predecessor simply starts before the
 * predecessor's `charEnd`. So a citation can always be shown in place by its offsets.
 */
export type Chunk = {
  index: number;
  content: string;
  tokenCount: number;
  pageFrom: number | null;
  pageTo: number | null;
  /** Heading path of the chunk's text, e.g. "Pricing > Enterprise"; null before any heading. */
  section: string | null;
  charStart: number;
  charEnd: number;
};

export type ChunkOptions = {
  /** Upper bound on a chunk's {@link countTokens}; default 500. */
  targetTokens?: number;
  /** How much of the previous chunk's tail (whole sentences) a chunk may repeat; default 60. */
  overlapTokens?: number;
};

export const BLOCK_SEPARATOR = '\n\n';
const DEFAULT_TARGET = 500;
const DEFAULT_OVERLAP = 60;
const MIN_TARGET = 16;
/** A chunk at least this full (of its target) ends at a page boundary rather than run across it. */
const PAGE_BREAK_FILL = 0.5;
const SECTION_PART_MAX = 120;
/**
 * Table rows are grouped up to this many tokens (a few rows): a question about a table is about
 * one row, and a chunk of twenty rows embeds as their average, close to none of them.
 */
const ROW_TARGET = 96;

/** The text chunk offsets point into. */
export function documentText(doc: ExtractedDocument): string {
  return doc.pages.flatMap((page) => page.blocks.map((block) => block.text)).join(BLOCK_SEPARATOR);
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const TOKEN = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{M}])+|\\p{N}+|[^\\s\\p{L}\\p{M}\\p{N}]`, 'gu');
const NUMERIC = /^\p{N}/u;
const WORD = /^[\p{L}\p{M}]{2}/u;

/**
 * A deterministic stand-in for a BPE tokenizer (no model files): each CJK character, each
 * punctuation mark and each short word is one token; longer words cost one more token per six
 * letters beyond eight, digit runs one per three digits. On English prose it lands within a
 * few percent of cl100k. Tokens never span whitespace, so counts of whitespace-separated parts add up.
 */
export function countTokens(text: string): number {
  let count = 0;
  for (const [token] of text.matchAll(TOKEN)) {
    if (NUMERIC.test(token)) count += Math.ceil(token.length / 3);
    else if (WORD.test(token) && token.length > 8) count += 1 + Math.ceil((token.length - 8) / 6);
    else count += 1;
  }
  return count;
}

type Span = { start: number; end: number; tokens: number };
type Piece = Span & { page: number | null; kind: BlockKind; heading: boolean; section: string | null };

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentence spans of `text` (offsets relative to it), without surrounding whitespace. */
function sentenceSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  // ICU's sentence segmenter slows down more than linearly on very long inputs (a megabyte of
  // text without a line break took a minute), so it only ever sees windows of bounded size.
  for (const window of windows(text)) {
    for (const { segment, index } of sentenceSegmenter.segment(text.slice(window.start, window.end))) {
      const lead = segment.length - segment.trimStart().length;
      const trimmed = segment.trim();
      const start = window.start + index + lead;
      if (trimmed) spans.push({ start, end: start + trimmed.length });
    }
  }
  return spans;
}

const WINDOW_CHARS = 4_000;

/** Line-aligned stretches of at most about WINDOW_CHARS, cut at whitespace when a line is longer. */
function windows(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + WINDOW_CHARS);
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end);
      const space = text.lastIndexOf(' ', end);
      const cut = newline > start ? newline + 1 : space > start ? space + 1 : end;
      end = cut;
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** Cuts one whitespace-free run (a URL, a base64 blob…) into parts of at most `max` tokens. */
function splitRun(text: string, start: number, end: number, max: number): Span[] {
  const parts: Span[] = [];
  let from = start;
  while (from < end) {
    let to = from;
    // Grow a code point at a time; runs this long are rare, so simplicity wins over speed.
    while (to < end) {
      const next = to + (text.codePointAt(to)! > 0xffff ? 2 : 1);
      if (countTokens(text.slice(from, next)) > max && to > from) break;
      to = next;
    }
    parts.push({ start: from, end: to, tokens: countTokens(text.slice(from, to)) });
    from = to;
  }
  return parts;
}

/**
 * A block too big for one chunk, as its sentences; a sentence still too big, as its words; a
 * word still too big, cut anywhere. The spans are packed into chunks like any other pieces, so
 * chunks fill up and the overlap can start at a sentence.
 */
function splitOversized(text: string, start: number, end: number, max: number): Span[] {
  const spans: Span[] = [];
  for (const sentence of sentenceSpans(text.slice(start, end))) {
    const s = start + sentence.start;
    const e = start + sentence.end;
    const tokens = countTokens(text.slice(s, e));
    if (tokens <= max) {
      spans.push({ start: s, end: e, tokens });
      continue;
    }
    for (const word of text.slice(s, e).matchAll(/\S+/g)) {
      const ws = s + word.index;
      const we = ws + word[0].length;
      const wordTokens = countTokens(word[0]);
      if (wordTokens <= max) spans.push({ start: ws, end: we, tokens: wordTokens });
      else spans.push(...splitRun(text, ws, we, max));
    }
  }
  return spans;
}

function clip(text: string): string {
  return text.length > SECTION_PART_MAX ? `${text.slice(0, SECTION_PART_MAX - 1).trimEnd()}…` : text;
}

/** Blocks as pieces of at most `max` tokens, each with its page and heading path. */
function toPieces(doc: ExtractedDocument, text: string, max: number): Piece[] {
  const pieces: Piece[] = [];
  // Slides are self-contained: a slide without a title must not inherit the previous one's.
  const slideDeck = doc.pages.some((page) => page.blocks.some((block) => block.kind === 'slide-title'));
  let path: Array<{ level: number; text: string }> = [];
  let offset = 0;
  let first = true;
  for (const page of doc.pages) {
    if (slideDeck) path = [];
    for (const block of page.blocks) {
      if (!first) offset += BLOCK_SEPARATOR.length;
      first = false;
      const start = offset;
      const end = start + block.text.length;
      offset = end;
      if (block.kind === 'slide-title') path = [{ level: 0, text: block.text.trim() }];
      if (block.kind === 'heading') {
        const level = block.level ?? 1;
        path = path.filter((entry) => entry.level < level);
        path.push({ level, text: block.text.trim() });
      }
      // Trim so that no chunk starts or ends in whitespace.
      const lead = block.text.length - block.text.trimStart().length;
      const trimmedEnd = start + block.text.trimEnd().length;
      if (trimmedEnd <= start + lead) continue;
      const section = path.length > 0 ? path.map((entry) => clip(entry.text)).join(' > ') : null;
      const heading = block.kind === 'heading' || block.kind === 'slide-title';
      const tokens = countTokens(text.slice(start + lead, trimmedEnd));
      const spans =
        tokens <= max ? [{ start: start + lead, end: trimmedEnd, tokens }] : splitOversized(text, start + lead, trimmedEnd, max);
      for (const span of spans) pieces.push({ ...span, page: page.page, kind: block.kind, heading, section });
    }
  }
  return pieces;
}

/**
 * Where the next chunk should start to repeat the tail of the previous one: the earliest
 * sentence start among its last prose pieces (same section, no heading in between) whose tail
 * still fits in `budget` tokens. Null when not even the last sentence fits.
 */
function overlapStart(
  text: string,
  pieces: Piece[],
  from: number,
  to: number,
  chunkStart: number,
  section: string | null,
  budget: number,
): number | null {
  let best: number | null = null;
  for (let i = to; i >= from; i--) {
    const piece = pieces[i]!;
    if (piece.heading || piece.section !== section || (piece.kind !== 'paragraph' && piece.kind !== 'list')) break;
    const pieceEnd = pieces[to]!.end;
    const starts = sentenceSpans(text.slice(piece.start, piece.end))
      .map((s) => piece.start + s.start)
      .reverse();
    let fitted = false;
    for (const start of starts) {
      if (start <= chunkStart) break;
      if (countTokens(text.slice(start, pieceEnd)) > budget) return best;
      best = start;
      fitted = true;
    }
    if (!fitted) return best;
  }
  return best;
}

/**
 * Splits a document into chunks by its structure. A chunk holds whole blocks (paragraphs, list
 * items, rows, headings) up to `targetTokens`; only a block bigger than that alone is split, at
 * sentence ends, else between words. A new chunk starts at every heading (consecutive headings
 * stay together with the text under them), at every slide, and at a page boundary once the
 * current chunk is half full. When a chunk ends only because it is full (or at a page
 * boundary in running text), the next one starts with its predecessor's last whole sentences,
 * up to `overlapTokens` (never across a heading, never for table rows). Rows run together only
 * up to a few rows (ROW_TARGET). Every chunk's
 * `tokenCount` is at most `targetTokens`.
 */
export function chunkDocument(doc: ExtractedDocument, options: ChunkOptions = {}): Chunk[] {
  const target = Math.max(MIN_TARGET, Math.floor(options.targetTokens ?? DEFAULT_TARGET));
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapTokens ?? DEFAULT_OVERLAP), Math.floor(target / 2)));
  const text = documentText(doc);
  const pieces = toPieces(doc, text, target);
  const slideDeck = pieces.some((piece) => piece.kind === 'slide-title');

  type Draft = { start: number; first: number; last: number; tokens: number; hasBody: boolean };
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  pieces.forEach((piece, i) => {
    if (current) {
      const last = pieces[current.last]!;
      const newPage = piece.page !== last.page;
      const headingBreak = piece.heading && current.hasBody;
      const slideBreak = slideDeck && newPage;
      const pageBreak = newPage && current.tokens >= target * PAGE_BREAK_FILL;
      const rows = piece.kind === 'row' && last.kind === 'row';
      const full = current.tokens + piece.tokens > (rows ? Math.min(target, ROW_TARGET) : target);
      if (!(headingBreak || slideBreak || pageBreak || full)) {
        current.last = i;
        current.tokens += piece.tokens;
        current.hasBody ||= !piece.heading;
        return;
      }
      let start = piece.start;
      let tokens = piece.tokens;
      if (overlap > 0 && !headingBreak && !slideBreak && !piece.heading && (piece.kind === 'paragraph' || piece.kind === 'list')) {
        const tail = overlapStart(text, pieces, current.first, current.last, current.start, piece.section, overlap);
        if (tail !== null) {
          const withTail = countTokens(text.slice(tail, piece.end));
          if (withTail <= target) [start, tokens] = [tail, withTail];
        }
      }
      current = { start, first: i, last: i, tokens, hasBody: !piece.heading };
      drafts.push(current);
      return;
    }
    current = { start: piece.start, first: i, last: i, tokens: piece.tokens, hasBody: !piece.heading };
    drafts.push(current);
  });

  return drafts.map((draft, index) => {
    const end = pieces[draft.last]!.end;
    const content = text.slice(draft.start, end);
    // Pages of every piece the chunk touches, the repeated tail included.
    let firstTouched = draft.first;
    while (firstTouched > 0 && pieces[firstTouched - 1]!.end > draft.start) firstTouched--;
    const pages = pieces.slice(firstTouched, draft.last + 1).flatMap((p) => (p.page === null ? [] : [p.page]));
    const body = pieces.slice(draft.first, draft.last + 1);
    const sectionPiece = body.find((p) => !p.heading) ?? body[body.length - 1]!;
    return {
      index,
      content,
      tokenCount: countTokens(content),
      pageFrom: pages.length > 0 ? Math.min(...pages) : null,
      pageTo: pages.length > 0 ? Math.max(...pages) : null,
      section: sectionPiece.section,
      charStart: draft.start,
      charEnd: end,
    };
  });
}

/** What to embed for a chunk: its heading path gives short chunks the context they lack. */
export function chunkEmbeddingText(chunk: Pick<Chunk, 'content' | 'section'>): string {
  return chunk.section ? `${chunk.section}\n\n${chunk.content}` : chunk.content;
}
