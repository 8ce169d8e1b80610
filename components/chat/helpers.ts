import { formatNumber } from '@/lib/format';
import type { Citation } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | null | undefined): value is string {
  return Boolean(value && UUID.test(value));
}

/** The chat page, on one session or on none. */
export function chatHref(slug: string, sessionId: string | null): string {
  return sessionId ? `/t/${slug}/chat?session=${sessionId}` : `/t/${slug}/chat`;
}

/** The document page at the cited page, with the cited chunk marked and its quoted sentence (document offsets). */
export function citationHref(
  slug: string,
  citation: Pick<Citation, 'documentId' | 'page' | 'chunkId'> & Partial<Pick<Citation, 'charStart' | 'charEnd'>>,
): string {
  const query = new URLSearchParams();
  if (citation.page !== null) query.set('page', String(citation.page));
  query.set('chunk', citation.chunkId);
  if (citation.charStart !== undefined && citation.charEnd !== undefined && citation.charEnd > citation.charStart) {
    query.set('from', String(citation.charStart));
    query.set('to', String(citation.charEnd));
  }
  return `/t/${slug}/documents/${citation.documentId}?${query.toString()}`;
}

export function pageLabel(page: number | null): string | null {
  return page === null ? null : `Page ${page}`;
}

/** "…[1] and **bold**" → "… and bold": a one-line preview without markdown or markers. */
export function plainPreview(text: string | null): string {
  if (!text) return '';
  return text
    .replace(/\s?\[\d{1,3}\]/g, '')
    .replace(/[*_`#>~]+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export const MAX_QUESTION = 2000;

/** What is left of the daily token budget, when low (the `budget` of a chat answer's done event). */
export type TokenBudget = { tokensLeft: number; limit: number; resetsAt: string };

/** "1,200 of your 50,000 daily tokens are left; they reset at 00:00 (in 3 h 12 min)." */
export function budgetNotice(budget: TokenBudget, now: Date = new Date()): string {
  const resetsAt = new Date(budget.resetsAt);
  const minutes = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 60_000));
  const wait = minutes < 60 ? `${minutes} min` : minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
  const at = resetsAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${formatNumber(budget.tokensLeft)} of your ${formatNumber(budget.limit)} daily tokens are left; they reset at ${at} (in ${wait}).`;
}

/** An answer as plain text for the clipboard: Markdown kept, citation markers out, sources listed. */
export function answerForClipboard(content: string, citations: Pick<Citation, 'n' | 'filename' | 'page'>[]): string {
  const text = content.replace(/\s?\[\d{1,3}\]/g, '').trim();
  if (citations.length === 0) return text;
  const sources = citations.map((c) => `[${c.n}] ${c.filename}${c.page !== null ? `, page ${c.page}` : ''}`);
  return `${text}\n\nSources:\n${sources.join('\n')}`;
}
