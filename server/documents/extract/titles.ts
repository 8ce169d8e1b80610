import 'server-only';

/**
 * What a title line looks like in text without markup (plain text, PDF lines at body size):
 * title case, ALL CAPS, or numbered ("3. Definitions.", "Section 4", "2.1 Scope").
 */

export const hasLetter = (text: string) => /\p{L}/u.test(text);

const NUMBERED_TITLE =
  /^(?:(section|article|chapter|part|clause|appendix|annex|schedule)\s+)?((?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])(\.)?)(?:\s+(.*))?$/i;
const SMALL_WORDS = new Set('a an and as at but by for from in into nor of on or per the to via vs with'.split(' '));
export const MAX_HEADING_CHARS = 100;
const MAX_HEADING_WORDS = 12;
const TITLE_CASE_SHARE = 0.7;

export function isTitleCase(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > MAX_HEADING_WORDS) return false;
  let content = 0;
  let capitalised = 0;
  for (const [i, word] of words.entries()) {
    const bare = word.replace(/^["'“‘(\[]+|["'”’)\].,:;]+$/g, '');
    if (!bare || !hasLetter(bare)) continue;
    const upper = /^[\p{Lu}\p{Lt}\p{N}]/u.test(bare);
    if (i === 0 && !upper) return false;
    if (i > 0 && SMALL_WORDS.has(bare.toLowerCase())) continue;
    content++;
    if (upper) capitalised++;
  }
  // "Revised Versions of this License" is a title; "Install the app" is a sentence.
  return content > 0 && capitalised / content >= TITLE_CASE_SHARE;
}

export function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && !/\p{Ll}/u.test(letters) && text.split(/\s+/).length <= MAX_HEADING_WORDS && !/[,;]$/.test(text);
}

/** A numbered title ("3. Definitions.", "Section 4", "2.1 Scope") and its heading level. */
export function numberedTitle(text: string): number | null {
  const match = NUMBERED_TITLE.exec(text);
  if (!match) return null;
  const [, keyword, number = '', dot, title] = match;
  const multiLevel = number.includes('.') && !number.endsWith('.');
  if (!keyword && !dot && !multiLevel) return null;
  if (!keyword && /^[A-Z]$/.test(number.replace('.', '')) && !title) return null;
  if (title !== undefined && (!isTitleCase(title) || /[,;:!?]$/.test(title))) return null;
  if (title === undefined && !keyword) return null;
  if (keyword && /^(chapter|part)$/i.test(keyword)) return 1;
  const depth = number.replace(/\.$/, '').split('.').length;
  return Math.min(6, 1 + depth);
}
