import 'server-only';
import type { Citation } from '@/db/schema';
import type { ChatContext } from '@/server/ai/chat-model';
import { contentWords, overlap, splitSentences } from '@/server/ai/text';

const MARKER = /\s?\[(\d{1,3})\]/g;

/**
 * Turns a model's answer into text with citations built from the retrieved chunks only.
 * A marker [n] that points at no retrieved passage is dropped, never shown. Kept markers are
 * renumbered 1, 2, … in order of first appearance; each citation quotes the passage sentence
 * that best supports the answer sentence carrying the marker, with its offsets in the document.
 */
export function buildCitations(answer: string, contexts: ChatContext[]): { text: string; citations: Citation[] } {
  const byN = new Map(contexts.map((c) => [c.n, c]));
  const renumber = new Map<number, number>();
  const supportFor = new Map<number, string[]>();
  // Which answer sentence each marker sits in, to find the best supporting quote. A marker that
  // opens a sentence ("…month. [1] It adds…") belongs to the sentence before it.
  const sentences = splitSentences(answer).map((s) => s.text);
  sentences.forEach((sentence, i) => {
    const leading = /^(?:\[\d{1,3}\]\s*)+/.exec(sentence)?.[0] ?? '';
    for (const match of sentence.matchAll(/\[(\d{1,3})\]/g)) {
      const n = Number(match[1]);
      if (!byN.has(n)) continue;
      if (!renumber.has(n)) renumber.set(n, renumber.size + 1);
      const claim = match.index < leading.length && i > 0 ? sentences[i - 1]! : sentence;
      supportFor.set(n, [...(supportFor.get(n) ?? []), claim.replace(MARKER, '')]);
    }
  });
  const text = answer
    .replace(MARKER, (whole, digits: string) => {
      const next = renumber.get(Number(digits));
      return next ? `${whole.startsWith(' ') ? ' ' : ''}[${next}]` : '';
    })
    .trim();
  const citations: Citation[] = [...renumber.entries()].map(([n, number]) => {
    const ctx = byN.get(n)!;
    const claim = contentWords((supportFor.get(n) ?? []).join(' '));
    const sentences = splitSentences(ctx.content);
    const best = sentences.reduce(
      (top, s) => {
        const score = overlap(claim, s.text);
        return score > top.score ? { s, score } : top;
      },
      { s: sentences[0] ?? { text: ctx.content.slice(0, 300), start: 0, end: Math.min(300, ctx.content.length) }, score: -1 },
    ).s;
    return {
      n: number,
      chunkId: ctx.chunkId,
      documentId: ctx.documentId,
      filename: ctx.filename,
      page: ctx.page,
      quote: best.text,
      score: Number(ctx.score.toFixed(4)),
      charStart: ctx.charStart + best.start,
      charEnd: ctx.charStart + best.end,
    };
  });
  return { text, citations };
}
