'use client';

import * as Tooltip from '@radix-ui/react-tooltip';
import Link from 'next/link';
import { citationHref, pageLabel, truncate } from './helpers';
import type { Citation } from './types';

/**
 * An inline "[n]": a link to the cited passage (its document, at its page, the chunk marked).
 * Hovering or focusing it shows the document, page and quote; Escape hides that again.
 */
export function CitationMarker({ citation, slug }: { citation: Citation; slug: string }) {
  const page = pageLabel(citation.page);
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <Link
          href={citationHref(slug, citation)}
          aria-label={`Source ${citation.n}: ${citation.filename}${page ? `, ${page.toLowerCase()}` : ''}`}
          className="mx-0.5 inline-flex min-w-5 -translate-y-1 items-center justify-center rounded bg-indigo-100 px-1 align-baseline text-[0.7rem] leading-4 font-semibold text-indigo-800 no-underline hover:bg-indigo-200 dark:bg-indigo-900 dark:text-indigo-100 dark:hover:bg-indigo-800"
        >
          {citation.n}
        </Link>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content
          side="top"
          sideOffset={6}
          collisionPadding={12}
          className="z-50 max-w-[min(22rem,calc(100vw-1.5rem))] rounded-md border border-slate-200 bg-white p-3 text-left text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
        >
          <span className="block font-semibold break-all">{citation.filename}</span>
          {page ? <span className="block text-xs text-slate-600 dark:text-slate-300">{page}</span> : null}
          <span className="mt-2 block border-l-2 border-indigo-400 pl-2 text-slate-700 italic dark:text-slate-200">
            “{truncate(citation.quote, 400)}”
          </span>
          <Tooltip.Arrow className="fill-white dark:fill-slate-800" width={12} height={6} />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
