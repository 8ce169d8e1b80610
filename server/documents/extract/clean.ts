import 'server-only';
import type { ExtractedDocument } from './types';

/**
 * Text clean-up shared by the extractors, applied before anything is chunked: soft hyphens go,
 * and words hyphenated across a line end are rejoined. Every function here is linear in its input.
 *
 * The rule for a hyphen at a line end ("well-" + "known", "docu-" + "ment"), when the next line
 * starts with a lower-case letter:
 *  - a soft hyphen (U+00AD) is a discretionary break by definition: always joined, no hyphen;
 *  - the joined word ("document") appears elsewhere in the document: joined;
 *  - the hyphenated compound ("well-known") appears elsewhere on one line: the hyphen is kept;
 *  - both halves have three or more letters and both appear elsewhere as words of their own
 *    ("well", "known"): the hyphen is kept (a compound such as "self-contained", "time-based");
 *  - otherwise joined: fragments like "transpar" + "ently" are no words of the document.
 * A hyphen before an upper-case letter or a digit ("Anglo-" + "Saxon", "COVID-" + "19") is
 * always kept, with no space.
 */

const SOFT_HYPHEN = '\u00ad';
/** Hyphen-minus, the Unicode hyphen and the soft hyphen: what a line may end with mid-word. */
const LINE_END_HYPHEN = /([\p{L}\p{M}]+)([-\u2010\u00ad])$/u;
const HYPHENS = new Set(['-', '\u2010', SOFT_HYPHEN]);
const LEADING_WORD = /^[\p{L}\p{M}]+/u;
/** A word broken at a line end (skipped: its halves are not evidence) or a word or compound. */
const VOCABULARY_TOKEN = /[\p{L}\p{M}]+[-\u2010\u00ad][ \t]*\n[ \t]*[\p{L}\p{M}]+|[\p{L}\p{M}]+(?:[-\u2010][\p{L}\p{M}]+)*/gu;
const MIN_COMPOUND_PART = 3;

/** Lower-cased words and hyphenated compounds of a document, as written on one line. */
export type Vocabulary = { has(word: string): boolean };

export function buildVocabulary(text: string): Vocabulary {
  const words = new Set<string>();
  for (const [token] of removeSoftHyphens(text).matchAll(VOCABULARY_TOKEN)) {
    if (token.includes('\n')) continue;
    const lower = token.toLowerCase().replaceAll('\u2010', '-');
    words.add(lower);
    if (lower.includes('-')) for (const part of lower.split('-')) words.add(part);
  }
  return words;
}

/** True when `left` + hyphen + `right`, broken at a line end, is a real compound (see the rule above). */
export function keepsHyphen(left: string, right: string, vocabulary: Vocabulary): boolean {
  const l = left.toLowerCase();
  const r = right.toLowerCase();
  if (vocabulary.has(l + r)) return false;
  if (vocabulary.has(`${l}-${r}`)) return true;
  return l.length >= MIN_COMPOUND_PART && r.length >= MIN_COMPOUND_PART && vocabulary.has(l) && vocabulary.has(r);
}

const isUpperCase = (word: string) => word.length >= 2 && /^[\p{Lu}\p{M}]+$/u.test(word);

/** The text after the last whitespace (the whole text when there is none). */
function lastWord(text: string): string {
  let start = text.length;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  return text.slice(start);
}

/**
 * How line `next` continues line `prev` where the text was wrapped: `prev` as it stays (its
 * hyphen dropped when the word is rejoined) and the glue before `next`, a space or nothing (see
 * the rule above). Only `prev`'s last word is looked at, so the cost does not grow with the text
 * joined before it.
 */
export function wrapJoint(prev: string, next: string, vocabulary: Vocabulary): { prev: string; glue: string } {
  if (!prev || !next) return { prev, glue: '' };
  const hyphenated = HYPHENS.has(prev[prev.length - 1]!) ? LINE_END_HYPHEN.exec(lastWord(prev)) : null;
  if (hyphenated) {
    const [, left = '', hyphen] = hyphenated;
    const head = prev.slice(0, -1);
    const right = LEADING_WORD.exec(next)?.[0];
    // A typesetter's hyphen (U+2010) inside an upper-case word ("WITH‐" + "OUT") broke that word.
    const brokenCapitals = hyphen === '\u2010' && !!right && isUpperCase(left) && isUpperCase(right);
    if (/^[\p{Lu}\p{Lt}\p{N}]/u.test(next) && !brokenCapitals) return { prev: hyphen === SOFT_HYPHEN ? head : prev, glue: '' };
    if (right && (brokenCapitals || /^\p{Ll}/u.test(right))) {
      if (hyphen === SOFT_HYPHEN || !keepsHyphen(left, right, vocabulary)) return { prev: head, glue: '' };
      return { prev: `${head}-`, glue: '' };
    }
  }
  return { prev, glue: ' ' };
}

/** Wrapped lines (trimmed) as one line, in time linear in their length. */
export function joinLines(lines: string[], vocabulary: Vocabulary): string {
  const parts: string[] = [];
  for (const line of lines) {
    if (!line) continue;
    if (parts.length > 0) {
      const joint = wrapJoint(parts[parts.length - 1]!, line, vocabulary);
      parts[parts.length - 1] = joint.prev;
      parts.push(joint.glue);
    }
    parts.push(line);
  }
  return parts.join('');
}

/**
 * Soft hyphens are invisible unless a line breaks there, so they only split words for search.
 * One followed by a line break, or by a space (the line break a PDF or copy-paste turned into a
 * space), joins the word again: "transpar\u00ad ently" becomes "transparently".
 */
export function removeSoftHyphens(text: string): string {
  if (!text.includes(SOFT_HYPHEN)) return text;
  return text.replace(/\u00ad[ \t]*(?:\n[ \t]*)?(?=[\p{L}\p{M}])|\u00ad/gu, '');
}

/** Spaces at line ends removed, line by line (a regex would backtrack over long runs of spaces). */
function trimLineEnds(text: string): string {
  if (!/[ \t](?:\n|$)/.test(text)) return text;
  return text
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
      return line.slice(0, end);
    })
    .join('\n');
}

/** The last pass over every block of every format: soft hyphens out, no trailing spaces on lines. */
export function cleanDocument(doc: ExtractedDocument): ExtractedDocument {
  return {
    ...doc,
    pages: doc.pages.map((page) => ({
      ...page,
      blocks: page.blocks.flatMap((block) => {
        const text = trimLineEnds(removeSoftHyphens(block.text));
        return text.trim() ? [{ ...block, text }] : [];
      }),
    })),
  };
}
