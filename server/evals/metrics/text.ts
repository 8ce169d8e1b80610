/**
 * Text handling for the evaluation metrics: SQuAD normalisation, content tokens for the lexical
 * support test, and answer sentences with their citation markers.
 *
 * Deliberately independent of `server/ai/text.ts` (the chat pipeline's tokenizer): a change to how
 * chat picks sentences must not silently change how earlier and later runs are scored.
 */

/** `[1]`, `[2][3]` and `[1, 2]`: the markers chat answers carry (see server/chat/citations.ts). */
const CITATION_MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** The answer text without its citation markers, so `[1]` never counts as answer content. */
export function stripCitationMarkers(text: string): string {
  return text
    .replace(CITATION_MARKER, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * SQuAD v1.1 normalisation (its official evaluate script): lowercase, remove punctuation, remove
 * the articles a/an/the, collapse whitespace. Punctuation is deleted, not replaced by a space, as
 * SQuAD does ("e-mail" → "email", "9.50" → "950"); here it covers every Unicode punctuation and
 * symbol character rather than ASCII only. Citation markers are stripped first.
 */
export function normalizeAnswer(text: string): string {
  return stripCitationMarkers(text)
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\b(?:a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** SQuAD tokens: the normalised text split on whitespace. */
export function answerTokens(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized ? normalized.split(' ') : [];
}

// Function words carry no claim; without them "the plan is cheap" is judged on "plan", "cheap".
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her hers him his how ' +
    'i if in into is it its itself me my no nor not of on or our ours she should so than that the their theirs them then there ' +
    'these they this those to too was we were what when where which while who whom why will with would you your yours ' +
    'about also any both each few further here just many may might more most much must other over own same shall some such ' +
    'only very can will also per via'
  ).split(' '),
);

/** A crude suffix stripper: enough for "prices", "priced" and "price" to meet; numbers are untouched. */
export function stem(word: string): string {
  if (/^\p{N}/u.test(word)) return word;
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** True for a number token ("90", "9.50", "1000"). */
export function isNumberToken(token: string): boolean {
  return /^\p{N}/u.test(token);
}

/**
 * Content tokens of a text, for the support test: lowercased words and numbers, stopwords and
 * one-letter words removed, words lightly stemmed. Numbers keep their decimal point ("9.50") and
 * lose thousands commas ("1,000" → "1000"); citation markers are ignored.
 */
export function contentTokens(text: string): string[] {
  const raw =
    stripCitationMarkers(text)
      .toLowerCase()
      .match(/\p{N}+(?:[.,]\p{N}+)*|\p{L}+(?:['’]\p{L}+)*/gu) ?? [];
  const out: string[] = [];
  for (const token of raw) {
    if (isNumberToken(token)) {
      out.push(token.replace(/,/g, ''));
      continue;
    }
    const word = token.replace(/['’]s$/, '');
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** One sentence of an answer: its text without markers and the passage numbers it cites, in order, once each. */
export type AnswerSentence = { text: string; citations: number[] };

// Words after which a full stop does not end a sentence even before a capital or a digit
// ("Mr. Smith", "e.g. Paris", "Fig. 3"). "etc." is not one: it usually does end the sentence, and a
// lowercase word after any full stop already keeps the sentence whole.
const ABBREVIATIONS = new Set('e.g i.e vs cf mr mrs ms dr prof sr jr st inc ltd corp fig approx dept a.m p.m u.s u.k'.split(' '));

const CLOSERS = `"'”’)»`;

/**
 * Where the sentence that contains the terminator at `i` ends (exclusive), or -1 when the
 * terminator does not end a sentence. Terminators: . ! ? (runs of them, then closing quotes).
 * A full stop after a known abbreviation, or one followed by a lowercase word, does not end a
 * sentence; decimals ("9.50") have no space after the point, so they never do.
 */
function sentenceEnd(text: string, i: number): number {
  let end = i;
  while (end < text.length && /[.!?]/.test(text[end]!)) end++;
  while (end < text.length && CLOSERS.includes(text[end]!)) end++;
  const rest = text.slice(end);
  if (rest.length === 0) return end;
  // "…blue.[1] Next" — a marker right after the stop still closes the sentence (it is moved back).
  if (/^\[\d/.test(rest)) return end;
  if (!/^\s/.test(rest)) return -1;
  if (text[i] === '.') {
    const word = /([\p{L}.]+)$/u.exec(text.slice(0, i))?.[1]?.toLowerCase() ?? '';
    if (ABBREVIATIONS.has(word)) return -1;
    if (/^\s+\p{Ll}/u.test(rest)) return -1;
  }
  return end;
}

/**
 * Splits an answer into sentences and attaches citation markers to them: a marker belongs to the
 * sentence it sits in, and markers that open a sentence ("…month. [1] It adds…") belong to the
 * sentence before, as chat reads them. A line break always ends a sentence (list items).
 * Fragments with no letter or digit (a lone marker, a bullet) are not sentences.
 */
export function splitAnswer(answer: string): AnswerSentence[] {
  const raw: string[] = [];
  let start = 0;
  for (let i = 0; i < answer.length; i++) {
    const ch = answer[i]!;
    if (ch === '\n') {
      raw.push(answer.slice(start, i));
      start = i + 1;
    } else if (ch === '.' || ch === '!' || ch === '?') {
      const end = sentenceEnd(answer, i);
      if (end < 0) continue;
      raw.push(answer.slice(start, end));
      start = end;
      i = end - 1;
    }
  }
  raw.push(answer.slice(start));

  const out: AnswerSentence[] = [];
  for (const segment of raw) {
    const leading = /^\s*(?:\[\d{1,3}(?:\s*,\s*\d{1,3})*\]\s*)+/.exec(segment)?.[0] ?? '';
    const previous = out.at(-1);
    const body = previous && leading ? segment.slice(leading.length) : segment;
    if (previous && leading) addMarkers(previous, leading);
    const text = stripCitationMarkers(body);
    if (!/[\p{L}\p{N}]/u.test(text)) {
      // A fragment of markers only: its markers still belong to the sentence before.
      if (previous) addMarkers(previous, body);
      continue;
    }
    const sentence: AnswerSentence = { text, citations: [] };
    addMarkers(sentence, body);
    out.push(sentence);
  }
  return out;
}

function addMarkers(sentence: AnswerSentence, text: string): void {
  for (const match of text.matchAll(CITATION_MARKER)) {
    for (const n of match[1]!.split(',').map((d) => Number(d.trim()))) {
      if (!sentence.citations.includes(n)) sentence.citations.push(n);
    }
  }
}
