import 'server-only';
import { buildVocabulary, joinLines } from './clean';
import { isAllCaps, numberedTitle } from './titles';
import type { Block } from './types';

/** One visual line of a PDF page: its text, baseline position and dominant font size. */
export type PdfLine = { text: string; x: number; y: number; size: number };

const BULLET = /^([•◦▪▫‣⁃●○■□·–*-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+/;
const SYMBOL_BULLET = /^[•◦▪▫‣⁃●○■□·–*-]\s+/;
const MAX_HEADING_CHARS = 200;
const MAX_HEADING_LINES = 3;
const MAX_CAPS_HEADING_CHARS = 80;

const round = (size: number) => Math.round(size * 2) / 2;

/** The size most characters in the document are set in: the body text. */
function bodySize(pages: PdfLine[][]): number {
  const weights = new Map<number, number>();
  for (const line of pages.flat()) weights.set(round(line.size), (weights.get(round(line.size)) ?? 0) + line.text.length);
  let best = 0;
  let bestWeight = -1;
  for (const [size, weight] of weights) {
    if (weight > bestWeight) [best, bestWeight] = [size, weight];
  }
  return best || 10;
}

/** Sizes clearly larger than the body, biggest first: level 1, 2, … (at most 6). */
function headingLevels(pages: PdfLine[][], body: number): Map<number, number> {
  const sizes = new Set<number>();
  for (const line of pages.flat()) {
    const size = round(line.size);
    if (size >= body * 1.15 && size >= body + 1) sizes.add(size);
  }
  return new Map([...sizes].sort((a, b) => b - a).map((size, i) => [size, Math.min(6, i + 1)]));
}

/** The usual distance between consecutive lines of the same size on a page, in font sizes. */
function lineSpacing(lines: PdfLine[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const line = lines[i]!;
    const gap = prev.y - line.y;
    if (gap > 0 && Math.abs(prev.size - line.size) < 0.1 * prev.size) gaps.push(gap / line.size);
  }
  if (gaps.length === 0) return 1.2;
  gaps.sort((a, b) => a - b);
  // Lower median: paragraph gaps are the minority and must not set the norm.
  return Math.max(1, Math.min(gaps[Math.floor((gaps.length - 1) / 2)]!, 2.5));
}

/**
 * Rebuilds blocks from lines, page by page. A block ends where the font size changes, where the
 * gap to the next line is clearly larger than the page's normal line spacing, where text jumps
 * back up (a new column), or where a line starts with a bullet or number. Blocks set in a size
 * clearly above the body size, and short enough, are headings.
 */
export function linesToBlocks(pages: PdfLine[][]): Block[][] {
  const body = bodySize(pages);
  const levels = headingLevels(pages, body);
  // A line on several pages is a running header or footer, never the title of what follows it.
  const pagesWith = new Map<string, number>();
  for (const lines of pages)
    for (const text of new Set(lines.map((line) => line.text))) pagesWith.set(text, (pagesWith.get(text) ?? 0) + 1);
  // Every line of every page, so that a compound is recognised wherever else it is written.
  const vocabulary = buildVocabulary(pages.map((lines) => lines.map((line) => line.text).join('\n')).join('\n'));
  return pages.map((lines) => {
    const spacing = lineSpacing(lines);
    const groups: Array<{ lines: string[]; size: number; list: boolean }> = [];
    let prev: PdfLine | null = null;
    for (const line of lines) {
      const current = groups[groups.length - 1];
      const gap = prev ? (prev.y - line.y) / line.size : 0;
      const bullet = BULLET.test(line.text);
      const startsBlock =
        !current || !prev || Math.abs(line.size - current.size) > 0.1 * current.size || gap <= 0 || gap > spacing * 1.35 || bullet;
      if (startsBlock) groups.push({ lines: [line.text], size: line.size, list: bullet });
      else current.lines.push(line.text);
      prev = line;
    }
    return groups.map((group): Block => {
      // Wrapped lines joined, end-of-line hyphenation undone ("infor-" + "mation", see ./clean.ts).
      const text = joinLines(group.lines, vocabulary);
      const level = levels.get(round(group.size));
      if (level !== undefined && text.length <= MAX_HEADING_CHARS && group.lines.length <= MAX_HEADING_LINES) {
        return { kind: 'heading', text, level };
      }
      // A lone numbered title at body size ("3. Definitions") is a heading set in bold, not a list item.
      const numbered = group.lines.length === 1 && text.length <= MAX_HEADING_CHARS ? numberedTitle(text) : null;
      if (numbered !== null) return { kind: 'heading', text, level: numbered };
      // An ALL-CAPS line of its own ("TERMS AND CONDITIONS") ranks below the headings set larger.
      if (
        group.lines.length === 1 &&
        !group.list &&
        isAllCaps(text) &&
        text.length <= MAX_CAPS_HEADING_CHARS &&
        pagesWith.get(text) === 1
      ) {
        return { kind: 'heading', text, level: Math.min(6, levels.size + 1) };
      }
      if (group.list) return { kind: 'list', text: text.replace(SYMBOL_BULLET, ''), level: 1 };
      return { kind: 'paragraph', text };
    });
  });
}
