'use client';

import Link from 'next/link';

import { useCallback, useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { STATUS } from './labels';
import type { DocumentStatus } from './types';

export function StatusBadge({ status }: { status: DocumentStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/**
 * A polite live region and the function that speaks through it. Repeating the same sentence
 * still announces it: the text alternates a trailing invisible space.
 */
export function useAnnouncer() {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    setMessage((previous) => (previous === text ? `${text}\u00a0` : text));
  }, []);
  return { message, announce };
}

export function LiveRegion({ message }: { message: string }) {
  return (
    <p aria-live="polite" aria-atomic="true" className="sr-only">
      {message}
    </p>
  );
}

export const linkClass = 'rounded-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

/** A tag as a small chip that lists the documents carrying it. */
/** A document's tags as chips under its name in the list (nothing when it has none). */
export function TagChips({ slug, tags }: { slug: string; tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <p className="mt-1 flex flex-wrap gap-1">
      {tags.map((tag) => (
        <TagLink key={tag} slug={slug} tag={tag} />
      ))}
    </p>
  );
}

export function TagLink({ slug, tag }: { slug: string; tag: string }) {
  return (
    <Link
      href={`/t/${slug}/documents?tag=${encodeURIComponent(tag)}`}
      className="inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-200 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
    >
      <span className="sr-only">Tag: </span>#{tag}
    </Link>
  );
}
