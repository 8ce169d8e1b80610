import type { Citation } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | null | undefined): value is string {
  return Boolean(value && UUID.test(value));
}

/** The chat page, on one session or on none. */
export function chatHref(slug: string, sessionId: string | null): string {
  return sessionId ? `/t/${slug}/chat?session=${sessionId}` : `/t/${slug}/chat`;
}

/** The document page at the cited page, with the cited chunk marked. */
export function citationHref(slug: string, citation: Pick<Citation, 'documentId' | 'page' | 'chunkId'>): string {
  const query = new URLSearchParams();
  if (citation.page !== null) query.set('page', String(citation.page));
  query.set('chunk', citation.chunkId);
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
