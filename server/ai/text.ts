/** Small text utilities shared by the extractive answerer, citations and query rewriting. */

const STOP = new Set(
  'a an and are as at be been but by can could did do does for from had has have how i if in into is it its me my of on or our shall should so than that the their them then there these they this those to was we were what when where which who whom why will with would you your about also any each many much more most other some such only own same very just tell please know'.split(
    ' ',
  ),
);

/** Lowercased content words, lightly stemmed (plural and common suffixes) so "prices" meets "price". */
export function contentWords(text: string): string[] {
  return (
    (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
      .map((w) => w.replace(/['’]s$/, ''))
      // Single digits count: "exit code 3" is about 3.
      .filter((w) => (w.length > 1 || /\d/.test(w)) && !STOP.has(w))
      .map(stem)
  );
}

/** A crude suffix stripper: enough for "prices", "priced" and "price" to meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  // "violation" meets "violate", "termination" meets "terminate".
  if (w.length > 6 && w.endsWith('ion')) w = w.slice(0, -3);
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

export type Sentence = { text: string; start: number; end: number };

/** Words after which a full stop never ends a sentence ("e.g.", "Dr. Lee", "vs. them"). */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|vs|cf|mr|mrs|ms|dr|prof|approx)\.$/i;
/** Words whose full stop is an abbreviation when a number follows ("Sec. 3", "No. 5", "pp. 12"). */
const NUMBERED = /(?:^|[\s(])(?:no|nos|nr|sec|secs|art|arts|para|paras|ch|chap|vol|fig|figs|p|pp|ed|rev|ref)\.$/i;
/** "U.S.", "a.m.": letters each followed by a full stop. */
const INITIALISM = /(?:^|[\s(])(?:\p{L}\.){2,}$/u;
/** A list item's number or letter on its own ("1.", "(a)", "iv.") is not a sentence. */
const LIST_NUMBER = /^(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)])$/i;
/** The start of a line that begins a new unit: a list item, a heading, a table row. */
const NEW_UNIT_LINE = /^\s*(?:[-*•–]\s|\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]\s|#|\||\d+\s+means\b)/i;
/** A `key: value; key: value` row, as CSV rows are extracted. */
const KEY_VALUE_ROW = /^[^:;\n]{1,60}:\s*[^;\n]*(?:;\s*[^:;\n]{1,60}:\s*[^;\n]*)+$/;

/**
 * Whether the line break at `i` ends a unit. Hard-wrapped prose runs on across single line
 * breaks; a blank line, a line that ends a sentence or a clause introducing a list, a heading-like
 * short line, and a next line that starts a list item, heading or row all break.
 */
/**
 * Whether the sentence around the blank line(s) at `i` goes on after them: a page or block boundary
 * cut it (the text before stops mid-sentence, after a full line, and the text after starts in
 * lower case), as a paragraph running over a page of a PDF.
 */
function carriesOn(text: string, i: number): boolean {
  // A few blank lines at most: the scans stay short however much whitespace a hostile text holds.
  let before = i;
  while (before > 0 && i - before < 16 && /\s/.test(text[before - 1]!)) before--;
  let after = i;
  while (after < text.length && after - i < 16 && /\s/.test(text[after]!)) after++;
  if (before === 0 || after === text.length || /\s/.test(text[before - 1]!) || /\s/.test(text[after]!)) return false;
  // The lines either side, up to 200 characters of each: enough to judge, bounded for the patterns.
  const previous = text.slice(Math.max(text.lastIndexOf('\n', before - 1) + 1, before - 200), before).trim();
  const nextEnd = text.indexOf('\n', after);
  const next = text.slice(after, Math.min(nextEnd < 0 ? text.length : nextEnd, after + 200));
  // Rows of a table and list items are units of their own, however they end.
  if (KEY_VALUE_ROW.test(previous) || KEY_VALUE_ROW.test(next) || NEW_UNIT_LINE.test(previous) || NEW_UNIT_LINE.test(next)) return false;
  return previous.length >= 40 && !/[.!?:;]["'”’)\]]?$/.test(previous) && /^\p{Ll}/u.test(next);
}

function breaksAt(text: string, lineStart: number, i: number): boolean {
  const line = text.slice(lineStart, i).trim();
  const nextEnd = text.indexOf('\n', i + 1);
  const next = text.slice(i + 1, nextEnd < 0 ? text.length : nextEnd);
  if (!line || !next.trim()) return !carriesOn(text, i);
  // Ending a sentence or clause breaks, unless the next line carries on in lowercase ("e.g.\nemail").
  if (/[.!?:;]["'”’)]?$/.test(line)) return !/^\s*\p{Ll}/u.test(next) || NEW_UNIT_LINE.test(next);
  if (NEW_UNIT_LINE.test(next) || KEY_VALUE_ROW.test(line) || KEY_VALUE_ROW.test(next.trim())) return true;
  if (/^#/.test(line)) return true;
  // A comma-separated record ("ssh,22,tcp"; prose puts a space after its commas) is a row of its own.
  if (/,\S/.test(line) && !/,\s/.test(line)) return true;
  if (/^\s*\p{Ll}/u.test(next)) return false;
  // A short line followed by a capital is a heading or label, not wrapped prose.
  return line.length < 40 && !/[,(–-]$/.test(line) && /^\s*\p{Lu}/u.test(next);
}

/**
 * Sentences of a passage with their offsets in it. A sentence ends at . ! ? followed by
 * whitespace, except after an abbreviation, an initialism or a list number and before a
 * lowercase word ("e.g. email", "U.S. law", "Sec. 3"); "9.50" has no space, so stays whole.
 * Hard-wrapped lines run on; a line break ends a sentence only where a new unit begins
 * (see {@link breaksAt}).
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let lineStart = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      if (breaksAt(text, lineStart, i)) push(i + 1);
      lineStart = i + 1;
    } else if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]!))) {
      if (ch === '.') {
        const before = text.slice(Math.max(start, i - 12), i + 1);
        const sofar = text.slice(start, i + 1).trim();
        if (LIST_NUMBER.test(sofar)) continue;
        const nextWord = /^[^\S\n]*\n?[^\S\n]*(\S)/.exec(text.slice(i + 1, i + 8))?.[1] ?? '';
        const paragraphEnds = /^[^\S\n]*\n[^\S\n]*\n/.test(text.slice(i + 1));
        const abbreviated = ABBREVIATION.test(before) || INITIALISM.test(before) || (NUMBERED.test(before) && /\d/.test(nextWord));
        if (abbreviated && !paragraphEnds) continue;
        if (/\p{Ll}/u.test(nextWord) && !paragraphEnds) continue;
      }
      push(i + 1);
    }
  }
  push(text.length);
  return out;
}

/** Share of the question's content words that `sentence` contains (0–1). */
export function overlap(questionWords: readonly string[], sentence: string): number {
  if (questionWords.length === 0) return 0;
  const have = new Set(contentWords(sentence));
  const unique = [...new Set(questionWords)];
  return unique.filter((w) => have.has(w)).length / unique.length;
}
