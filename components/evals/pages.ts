/** Gold pages as a person types them ("3, 5-7") and reads them ("p. 3, 5–7"). */

const MAX_PAGE = 100_000;
const MAX_PAGES = 200;

export type PagesParse = { pages: number[] | null } | { error: string };

/** "3, 5-7" → [3, 5, 6, 7]; empty → null (any page). Errors are sentences a person can act on. */
export function parsePages(text: string): PagesParse {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { pages: null };
  const pages = new Set<number>();
  for (const part of parts) {
    const range = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(part);
    if (!range) return { error: `“${part}” is not a page; write numbers and ranges like 3, 5-7.` };
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (from < 1 || to < 1) return { error: 'Pages start at 1.' };
    if (to < from) return { error: `The range ${part} runs backwards; write it as ${to}-${from}.` };
    if (to > MAX_PAGE) return { error: `Page ${to} is too large.` };
    if (to - from + 1 > MAX_PAGES) return { error: `The range ${part} is too long; at most ${MAX_PAGES} pages per document.` };
    for (let p = from; p <= to; p++) pages.add(p);
  }
  if (pages.size > MAX_PAGES) return { error: `At most ${MAX_PAGES} pages per document.` };
  return { pages: [...pages].sort((a, b) => a - b) };
}

/** Consecutive pages folded into ranges: [3, 5, 6, 7] → "3, 5-7" (as typed) or "3, 5–7" (as read). */
export function pagesText(pages: readonly number[] | null | undefined, dash = '-'): string {
  if (!pages?.length) return '';
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const out: string[] = [];
  let start = sorted[0]!;
  let prev = start;
  for (const p of [...sorted.slice(1), Number.NaN]) {
    if (p === prev + 1) {
      prev = p;
      continue;
    }
    out.push(start === prev ? String(start) : `${start}${dash}${prev}`);
    start = p;
    prev = p;
  }
  return out.join(', ');
}

/** "p. 3, 5–7" for a gold document's pages, or "" when any page counts. */
export function pagesLabel(pages: readonly number[] | null | undefined): string {
  const text = pagesText(pages, '–');
  return text ? `p. ${text}` : '';
}
