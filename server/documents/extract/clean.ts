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

/**
 * Appends line `next` to the text `joined` where a wrapped line ended: with a space, or with
 * nothing when the line ended in a hyphenated word (see the rule above). Both are assumed to be
 * trimmed.
 */
export function joinWrapped(joined: string, next: string, vocabulary: Vocabulary): string {
  if (!joined) return next;
  if (!next) return joined;
  const hyphenated = LINE_END_HYPHEN.exec(joined);
  if (hyphenated) {
    const [, left = '', hyphen] = hyphenated;
    const head = joined.slice(0, -1);
    if (/^[\p{Lu}\p{Lt}\p{N}]/u.test(next)) return hyphen === SOFT_HYPHEN ? head + next : joined + next;
    const right = LEADING_WORD.exec(next)?.[0];
    if (right && /^\p{Ll}/u.test(right)) {
      if (hyphen === SOFT_HYPHEN || !keepsHyphen(left, right, vocabulary)) return head + next;
      return `${head}-${next}`;
    }
  }
  return `${joined} ${next}`;
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

/** The last pass over every block of every format: soft hyphens out, no trailing spaces on lines. */
export function cleanDocument(doc: ExtractedDocument): ExtractedDocument {
  return {
    ...doc,
    pages: doc.pages.map((page) => ({
      ...page,
      blocks: page.blocks.flatMap((block) => {
        const text = removeSoftHyphens(block.text).replace(/[ \t]+$/gm, '');
        return text.trim() ? [{ ...block, text }] : [];
      }),
    })),
  };
}
