import 'server-only';
import { buildVocabulary, removeSoftHyphens, type Vocabulary, wrapJoint } from './clean';
import { hasLetter, isAllCaps, isTitleCase, MAX_HEADING_CHARS, numberedTitle } from './titles';
import type { Block } from './types';

/**
 * Plain text as blocks. Blank lines separate paragraphs. Inside one, a line break is where the
 * text was wrapped (fixed-width files such as licence texts, 70–80 columns) and becomes a space,
 * unless it is structure: a list item, a table row, an indented block, or a break the author
 * chose (the next word would still have fitted on the line, and the next line does not go on in
 * lower case). Headings are recognised as Markdown `#` lines, underlined lines, ALL-CAPS lines,
 * numbered titles ("3. Definitions", "Section 4.") and centred title lines; a numbered title
 * that runs into its paragraph ("2. Grant of Copyright License. Subject to…") is split off.
 */

type Line = { text: string; indent: number; length: number };

const TAB = '    ';
const LIST_ITEM = /^(?:[-*+•◦▪‣–]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\((?:[ivxlc]+|[IVXLC]+)\))\s+\S/;
/** Where a list item's own text starts, after its marker. */
const LIST_MARKER = /^(?:[-*+•◦▪‣–]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\((?:[ivxlc]+|[IVXLC]+)\))\s+/;
const MARKDOWN_HEADING = /^(#{1,6})\s+(.+?)(?:\s+#+)?$/;
const UNDERLINE = /^(=+|-+)$/;
/** A line of only rule characters ("-----", "* * *", "+----+----+") says nothing. */
const DECORATION = /^[-=_*~+#.|:\s]+$/;
/** "2. Grant of Copyright License. Subject to the terms…": the title is split off its paragraph. */
const RUN_IN_TITLE = /^((?:(?:[Ss]ection|[Aa]rticle|[Cc]lause)\s+)?\d+(?:\.\d+)*\.)\s+([^.!?]{2,80}\.)\s+(?=[\p{Lu}"“(])/u;
const SENTENCE_END = /[.!?:]["'”’)\]]*$/;
/** How much deeper than the text around it a line must start to count as an indented block. */
const INDENT_STEP = 4;
/** How far in from the usual indentation a lone line must be to count as centred. */
const CENTRED = 8;

function toLine(raw: string): Line {
  const expanded = raw.replace(/\t/g, TAB).trimEnd();
  const text = expanded.trimStart();
  return { text, indent: expanded.length - text.length, length: expanded.length };
}

/** The width the text was wrapped at: the length most lines stay under (90th percentile). */
function wrapWidth(lines: Line[]): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const line of lines) {
    if (!line.text) continue;
    counts.set(line.length, (counts.get(line.length) ?? 0) + 1);
    total++;
  }
  let seen = 0;
  for (const length of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(length)!;
    if (seen >= total * 0.9) return length;
  }
  return 80;
}

/** The indentation most non-blank lines have: the body's left margin. */
function baseIndent(lines: Line[]): number {
  const counts = new Map<number, number>();
  for (const line of lines) if (line.text) counts.set(line.indent, (counts.get(line.indent) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [indent, count] of counts) if (count > bestCount) [best, bestCount] = [indent, count];
  return best;
}

const firstWordLength = (text: string) => /^\S+/.exec(text)?.[0].length ?? 0;
/** Lower case after any opening quotes or brackets: the sentence goes on. */
const continuesLowerCase = (text: string) => /^["'“‘(\[]*\p{Ll}/u.test(text);

/** Whether the line break after `line` is where the text was wrapped: the next word did not fit. */
const isFull = (line: Line, next: Line, width: number) => line.length + 1 + firstWordLength(next.text) > width * 0.85;

/** Whether `pattern` (global) matches `text` at least `wanted` times; stops counting there. */
function matchesAtLeast(text: string, pattern: RegExp, wanted: number): boolean {
  pattern.lastIndex = 0;
  let found = 0;
  while (found < wanted && pattern.exec(text)) found++;
  pattern.lastIndex = 0;
  return found >= wanted;
}

const WIDE_GAP = /\S {3,}(?=\S)/g;
const NARROW_GAP = /\S {2,}(?=\S)/g;

/** Cells split by bars, a tab between words, or columns lined up with runs of spaces. */
function isTableRow(text: string): boolean {
  const bar = text.indexOf('|');
  if (bar >= 0 && text.indexOf('|', bar + 1) >= 0) return true;
  if (/\S\t+\S/.test(text)) return true;
  return matchesAtLeast(text, WIDE_GAP, 2) || matchesAtLeast(text, NARROW_GAP, 3);
}

type Context = {
  width: number;
  base: number;
  /** The column justified lines end in (man pages set with groff), or null for ragged text. */
  justifiedAt: number | null;
  vocabulary: Vocabulary;
};

/**
 * Justified text pads lines with extra spaces so they all end in one column: that column is the
 * end of a quarter or more of the lines (ragged text spreads its line ends over a dozen columns).
 */
function justifiedColumn(lines: Line[]): number | null {
  const counts = new Map<number, number>();
  let total = 0;
  for (const line of lines) {
    if (!line.text) continue;
    counts.set(line.length, (counts.get(line.length) ?? 0) + 1);
    total++;
  }
  if (total < 20) return null;
  let best = 0;
  let bestCount = 0;
  for (const [length, count] of counts) if (count > bestCount) [best, bestCount] = [length, count];
  return bestCount >= total * 0.25 ? best : null;
}

/** A line padded to the justified column that reads as prose (mostly letters: no row of figures). */
function isPadded(line: Line, context: Context): boolean {
  if (line.length !== context.justifiedAt || !/\S {2}/.test(line.text)) return false;
  let letters = 0;
  let chars = 0;
  for (const char of line.text) {
    if (char === ' ') continue;
    chars++;
    if (/\p{L}/u.test(char)) letters++;
  }
  return letters >= chars * 0.7;
}

/** A justified line with its padding removed: single spaces between words (two after a full stop). */
const unjustify = (text: string) =>
  text
    .replace(/([.!?:]["'”’)\]]*) {2,}(?=\S)/g, '$1\u0000')
    .replace(/ {2,}/g, ' ')
    .replaceAll('\u0000', '  ');

/**
 * The column where the text of a hanging term starts ("-P     Never follow…" with the next line
 * under "Never"): the paragraph's wrapped lines continue there, so they are no indented block.
 * The term is a word or two.
 */
function hangingColumn(first: Line, second: Line | undefined, padded: boolean): number | null {
  if (!second || second.indent <= first.indent) return null;
  const at = second.indent - first.indent;
  if (at > 24 || first.text[at - 1] !== ' ' || !/\S/.test(first.text[at] ?? '')) return null;
  // A term that fills the gap up to one space ("-print True; print…") is told from a sentence by
  // the justified layout around it.
  const term = padded ? /^\S+(?: \S+)? +$/ : /^\S+(?: \S+)? {2,}$/;
  return term.test(first.text.slice(0, at)) ? second.indent : null;
}

/** The heading a paragraph's first line is, with its level; null when it is not one. */
function headingOf(line: Line, next: Line | undefined, context: Context): { text: string; level: number } | null {
  const text = line.text;
  // Headings are short; the length check also keeps the patterns below off huge lines.
  if (text.length > MAX_HEADING_CHARS || !hasLetter(text)) return null;
  const markdown = MARKDOWN_HEADING.exec(text);
  if (markdown) return { text: markdown[2]!, level: markdown[1]!.length };
  if (next && UNDERLINE.test(next.text) && next.text.length >= 3) return { text, level: next.text[0] === '=' ? 1 : 2 };
  // A line the text merely wrapped after is the start of a paragraph, whatever its case.
  if (next && isFull(line, next, context.width)) return null;
  const numbered = numberedTitle(text);
  if (numbered !== null) return { text, level: numbered };
  if (LIST_ITEM.test(text)) return null;
  if (isAllCaps(text)) return { text, level: 1 };
  if (line.indent >= context.base + CENTRED && isTitleCase(text) && !/[.,;:!?]$/.test(text)) return { text, level: 1 };
  return null;
}

type Draft = {
  kind: Block['kind'];
  /** The block's text in pieces, joined once at the end: appending stays linear. */
  parts: string[];
  level?: number;
  indent: number;
  contentColumn: number;
  last: Line;
  /** Set once an indented block (code, a quotation) starts inside the paragraph: its lines stay as they are. */
  verbatimFrom: number | null;
};

/** The cells of a "| a | b |" row, or null when the line is not pipe-separated. */
function pipeCells(text: string): string[] | null {
  const first = text.indexOf('|');
  if (first < 0) return null;
  // One bar inside the line ("a | b") separates two cells; a bar at an end only closes the row.
  if (text.indexOf('|', first + 1) < 0 && (first === 0 || first === text.length - 1)) return null;
  const cells = text
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
  return cells.length >= 2 ? cells : null;
}

/** Columns lined up with runs of spaces (not the two spaces some put after a full stop). */
const ALIGNMENT_GAP = /[^.!?:;,\s] {2,}\S/;

/** Lines laid out by hand (commands, aligned columns): most of them have alignment gaps. */
function isPreformatted(lines: Line[], hang: number | null): boolean {
  if (lines.length < 2) return false;
  // The gap after a hanging term places the text under it; it aligns no columns.
  const aligned = lines.filter((line, index) =>
    ALIGNMENT_GAP.test(index === 0 && hang !== null ? line.text.slice(hang - line.indent) : line.text),
  ).length;
  const rows = lines.filter((line) => isTableRow(line.text)).length;
  return aligned * 2 >= lines.length && rows * 2 < lines.length;
}

/** Blocks of one paragraph (lines between blank lines). */
function paragraphBlocks(source: Line[], context: Context, listIndents: number[]): Block[] {
  const hang = hangingColumn(source[0]!, source[1], isPadded(source[0]!, context));
  // The padding goes; a hanging term and a list marker keep the gap after them (it places the text).
  const lines = source.map((line, index) => {
    if (!isPadded(line, context)) return line;
    const textStart = index === 0 && hang !== null ? hang - line.indent : (LIST_MARKER.exec(line.text)?.[0].length ?? 0);
    return { ...line, text: line.text.slice(0, textStart) + unjustify(line.text.slice(textStart)) };
  });
  if (isPreformatted(lines, hang)) {
    listIndents.length = 0;
    const margin = lines.reduce((min, line) => Math.min(min, line.indent), Infinity);
    return [{ kind: 'paragraph', text: lines.map((line) => ' '.repeat(line.indent - margin) + line.text).join('\n') }];
  }
  const blocks: Block[] = [];
  let draft: Draft | null = null;
  const flush = () => {
    const text = draft?.parts.join('') ?? '';
    if (draft && text.trim()) {
      const block: Block = { kind: draft.kind, text };
      if (draft.level !== undefined) block.level = draft.level;
      blocks.push(block);
    }
    draft = null;
  };
  const start = (kind: Block['kind'], line: Line, text = line.text, level?: number) => {
    flush();
    const marker = kind === 'list' ? (LIST_MARKER.exec(line.text)?.[0].length ?? 0) : 0;
    const contentColumn = kind === 'paragraph' && line === lines[0] && hang !== null ? hang : line.indent + marker;
    draft = { kind, parts: [text], indent: line.indent, contentColumn, last: line, verbatimFrom: null };
    if (level !== undefined) draft.level = level;
    if (kind !== 'list') listIndents.length = 0;
  };

  let headers: string[] | null = null;
  let i = 0;
  const first = lines[0]!;
  const heading = headingOf(first, lines[1], context);
  if (heading) {
    listIndents.length = 0;
    blocks.push({ kind: 'heading', text: heading.text, level: heading.level });
    i = lines[1] && UNDERLINE.test(lines[1].text) && !MARKDOWN_HEADING.test(first.text) ? 2 : 1;
  } else {
    const runIn = RUN_IN_TITLE.exec(first.text);
    const level = runIn ? numberedTitle(`${runIn[1]} ${runIn[2]}`) : null;
    if (runIn && level !== null) {
      listIndents.length = 0;
      blocks.push({ kind: 'heading', text: `${runIn[1]} ${runIn[2]}`, level });
      start('paragraph', first, first.text.slice(runIn[0].length));
      // The rest of the numbered paragraph is indented like a list item's text.
      draft!.contentColumn = first.indent + runIn[1]!.length + 1;
      i = 1;
    }
  }

  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (DECORATION.test(line.text) && !hasLetter(line.text)) continue;
    const current = draft as Draft | null;
    const continuation = current && !SENTENCE_END.test(current.last.text) && continuesAfter(current.last.text);
    if (LIST_ITEM.test(line.text) && !continuation) {
      while (listIndents.length > 0 && listIndents[listIndents.length - 1]! >= line.indent + 1) listIndents.pop();
      if (listIndents.length === 0 || listIndents[listIndents.length - 1]! < line.indent) listIndents.push(line.indent);
      start('list', line, line.text.replace(/^[-*+•◦▪‣–]\s+/, ''), listIndents.length);
      continue;
    }
    if (isTableRow(line.text)) {
      const cells = pipeCells(line.text);
      let n = i + 1;
      while (n < lines.length && DECORATION.test(lines[n]!.text) && !hasLetter(lines[n]!.text)) n++;
      const next = lines[n];
      if (cells && !headers && next && pipeCells(next.text)?.length === cells.length) {
        // A header row: its names go into every row below it rather than into a row of their own.
        flush();
        headers = cells.map((cell, column) => cell || `Column ${column + 1}`);
        continue;
      }
      const text =
        cells && headers && cells.length === headers.length
          ? cells.flatMap((cell, column) => (cell ? [`${headers![column]}: ${cell}`] : [])).join('; ')
          : line.text;
      start('row', line, text);
      flush();
      continue;
    }
    headers = null;
    if (!current || current.kind === 'row') {
      start('paragraph', line);
      continue;
    }
    const prev = current.last;
    if (current.verbatimFrom !== null && line.indent < current.verbatimFrom) current.verbatimFrom = null;
    const indentJump =
      current.kind === 'list' || current.contentColumn !== current.indent
        ? line.indent > current.contentColumn + 3
        : line.indent >= prev.indent + INDENT_STEP;
    if (indentJump && current.verbatimFrom === null) current.verbatimFrom = line.indent;
    // Centred lines (titles, addresses) are laid out one by one; lines that share their indentation
    // are an indented paragraph, wrapped as any other.
    const centred =
      prev.indent >= context.base + CENTRED &&
      line.indent >= context.base + CENTRED &&
      prev.indent !== line.indent &&
      current.kind === 'paragraph';
    const wrapped = centred
      ? false
      : current.verbatimFrom === null
        ? isFull(prev, line, context.width) || (continuesLowerCase(line.text) && !SENTENCE_END.test(prev.text))
        : // Inside an indented block (code, a quotation, a term's description) only a line filled to
          // the wrap width and continued in lower case at the same indentation was wrapped.
          line.indent === prev.indent && isFull(prev, line, context.width) && continuesLowerCase(line.text);
    if (wrapped) {
      const joint = wrapJoint(current.parts[current.parts.length - 1]!, line.text, context.vocabulary);
      current.parts[current.parts.length - 1] = joint.prev;
      current.parts.push(joint.glue, line.text);
    } else current.parts.push(`\n${' '.repeat(Math.max(0, line.indent - current.indent))}`, line.text);
    current.last = line;
  }
  flush();
  return blocks;
}

/** A number at a line start right after "Section" or "version" goes on the sentence; it is no list. */
function continuesAfter(text: string): boolean {
  return /\b(?:section|sections|version|article|clause|paragraph|chapter|page|pages|item|items|step|and|or|of|to|than|under|in)$/i.test(
    text,
  );
}

/** Plain text (already normalised to \n line ends) as headings, paragraphs, list items and rows. */
export function textToBlocks(source: string): Block[] {
  const text = removeSoftHyphens(source);
  const lines = text.split('\n').map(toLine);
  const context: Context = {
    width: wrapWidth(lines),
    base: baseIndent(lines),
    justifiedAt: justifiedColumn(lines),
    vocabulary: buildVocabulary(text),
  };
  const blocks: Block[] = [];
  const listIndents: number[] = [];
  let paragraph: Line[] = [];
  const flush = () => {
    // One by one: a paragraph of a hundred thousand rows would overflow the stack as spread arguments.
    if (paragraph.length > 0) for (const block of paragraphBlocks(paragraph, context, listIndents)) blocks.push(block);
    paragraph = [];
  };
  for (const line of lines) {
    if (line.text) paragraph.push(line);
    else flush();
  }
  flush();
  return blocks;
}
