/** Small text utilities shared by the extractive answerer, citations and query rewriting. */

const STOP = new Set(
  'a an and are as at be been but by can could did do does for from had has have how i if in into is it its me my of on or our shall should so than that the their them then there these they this those to was we were what when where which who whom why will with would you your about also any each many much more most other some such only own same very just tell please know'.split(
    ' ',
  ),
);

/** Lowercased content words, lightly stemmed (plural and common suffixes) so "prices" meets "price". */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
    .map((w) => w.replace(/['’]s$/, ''))
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}

/** A crude suffix stripper: enough for "prices", "priced" and "price" to meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

export type Sentence = { text: string; start: number; end: number };

const ABBREVIATION = /\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|no|inc|ltd|fig|approx)\.$/i;

/**
 * Sentences of a passage with their offsets in it. A sentence ends at . ! ? followed by
 * whitespace (not after common abbreviations; "9.50" has no space, so stays whole) or at a line
 * break; list items and short lines stay whole.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
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
      push(i + 1);
    } else if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]!))) {
      if (ch === '.' && ABBREVIATION.test(text.slice(Math.max(start, i - 6), i + 1))) continue;
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
