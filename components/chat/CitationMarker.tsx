'use client';

import Link from 'next/link';
import { citationHref, pageLabel, truncate } from './helpers';
import type { Citation } from './types';

const markerClass =
  'mx-0.5 inline-flex min-w-5 -translate-y-1 cursor-pointer items-center justify-center rounded bg-indigo-100 px-1 align-baseline text-[0.7rem] leading-4 font-semibold text-indigo-800 no-underline hover:bg-indigo-200 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:bg-indigo-900 dark:text-indigo-100 dark:hover:bg-indigo-800';

/**
 * An inline "[n]". In a chat it opens the source beside the answer (`onCite`): the document,
 * page and passage with the quote marked, the chat left as it is. Elsewhere (an evaluation run)
 * it links to the document at the cited chunk. Hovering shows the quote as the native tooltip.
 */
export function CitationMarker({
  citation,
  slug,
  onCite,
}: {
  citation: Citation;
  slug: string;
  onCite?: (citation: Citation, opener: HTMLElement) => void;
}) {
  const page = pageLabel(citation.page);
  const label = `Source ${citation.n}: ${citation.filename}${page ? `, ${page.toLowerCase()}` : ''}`;
  const title = `${citation.filename}${page ? ` · ${page}` : ''}\n“${truncate(citation.quote, 300)}”`;
  if (onCite) {
    return (
      <button type="button" aria-label={label} title={title} className={markerClass} onClick={(e) => onCite(citation, e.currentTarget)}>
        {citation.n}
      </button>
    );
  }
  return (
    <Link href={citationHref(slug, citation)} aria-label={label} title={title} className={markerClass}>
      {citation.n}
    </Link>
  );
}
