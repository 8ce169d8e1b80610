'use client';

import * as RadixDialog from '@/components/ui/lazy-dialog';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { errorMessage } from '@/components/ui/errors';
import { useIsNarrow } from '@/components/ui/hooks';
import { citationHref, pageLabel } from './helpers';
import type { Citation } from './types';

/** The citation a marker opened: which answer, which source. */
export type OpenCitation = { messageId: string; citation: Citation };

function pagesText(from: number | null, to: number | null): string | null {
  if (from === null) return null;
  return to !== null && to !== from ? `Pages ${from}–${to}` : `Page ${from}`;
}

/** The chunk's text with the quoted sentence marked, and scrolled to once it shows. */
function Passage({ content, start, end }: { content: string; start: number | null; end: number | null }) {
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [content, start]);
  if (start === null || end === null) return <>{content}</>;
  return (
    <>
      {content.slice(0, start)}
      <mark ref={mark} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-500/40">
        <span className="sr-only">Quoted: </span>
        {content.slice(start, end)}
      </mark>
      {content.slice(end)}
    </>
  );
}

function PanelBody({ slug, open, headingId }: { slug: string; open: OpenCitation; headingId: string }) {
  const trpc = useTRPC();
  const { citation } = open;
  const source = useQuery({ ...trpc.chat.source.queryOptions({ messageId: open.messageId, n: citation.n }), staleTime: 60_000 });
  const chunk = source.data?.chunk;
  const page = chunk ? pagesText(chunk.pageFrom, chunk.pageTo) : pageLabel(citation.page);
  let passage: ReactNode;
  if (source.isPending) {
    passage = <p className="text-sm text-slate-500 dark:text-slate-400">Loading the passage…</p>;
  } else if (source.isError) {
    passage = (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load the passage: {errorMessage(source.error)}
      </p>
    );
  } else if (!chunk) {
    passage = (
      <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
        This passage is no longer in the document (it was deleted, processed again, or you can no longer read it). The quote above is what
        the answer used.
      </p>
    );
  } else {
    passage = (
      <div className="rounded-md bg-slate-50 p-3 dark:bg-slate-950">
        {chunk.section ? <p className="mb-2 text-xs font-medium text-slate-600 dark:text-slate-400">{chunk.section}</p> : null}
        <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800 dark:text-slate-200">
          <Passage content={chunk.content} start={chunk.quoteStart} end={chunk.quoteEnd} />
        </p>
      </div>
    );
  }
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">Source {citation.n}</p>
        <h2 id={headingId} className="mt-0.5 text-base font-semibold break-all">
          {citation.filename}
        </h2>
        {page ? <p className="text-sm text-slate-600 dark:text-slate-400">{page}</p> : null}
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto px-4 py-3">
        <blockquote className="border-l-4 border-amber-400 pl-3 text-sm text-slate-800 italic dark:border-amber-500 dark:text-slate-200">
          “{citation.quote}”
        </blockquote>
        <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">The passage</h3>
        {passage}
      </div>
      <div className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
        <Link
          href={citationHref(slug, citation)}
          className="inline-flex min-h-10 items-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Open document
          <svg aria-hidden width="12" height="12" viewBox="0 0 12 12" fill="currentColor">
            <path d="M4 1h7v7H9.5V3.6L2 11 1 10l7.4-7.5H4z" />
          </svg>
        </Link>
      </div>
    </div>
  );
}

const closeIcon = (
  <svg aria-hidden width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
    <path d="M3.7 2.3 8 6.6l4.3-4.3 1.4 1.4L9.4 8l4.3 4.3-1.4 1.4L8 9.4l-4.3 4.3-1.4-1.4L6.6 8 2.3 3.7z" />
  </svg>
);

/**
 * A cited source beside the answer: a panel to the right of the chat on wide screens (the chat
 * stays usable), a sheet from the bottom on phones. Shows the document, page, the passage with the
 * quoted sentence marked, and a link to the document at that passage. Escape or Close shuts it.
 */
export function CitationPanel({ slug, open, onClose }: { slug: string; open: OpenCitation | null; onClose: () => void }) {
  const narrow = useIsNarrow();
  const panel = useRef<HTMLElement>(null);
  const headingId = 'citation-panel-title';

  // Wide screens: the panel takes focus when it opens (or shows another source), Escape closes it.
  const key = open ? `${open.messageId}:${open.citation.n}` : null;
  useEffect(() => {
    if (!key || narrow) return;
    panel.current?.focus();
  }, [key, narrow]);

  if (!open) return null;
  if (narrow) {
    return (
      <RadixDialog.Root open onOpenChange={(next) => !next && onClose()}>
        <RadixDialog.Portal>
          <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
          <RadixDialog.Content
            aria-describedby={undefined}
            className="fixed inset-x-0 bottom-0 z-50 flex max-h-[85dvh] flex-col rounded-t-2xl border-t border-slate-200 bg-white shadow-xl dark:border-slate-700 dark:bg-slate-900"
          >
            <RadixDialog.Title className="sr-only">
              Source {open.citation.n}: {open.citation.filename}
            </RadixDialog.Title>
            <PanelBody slug={slug} open={open} headingId={headingId} />
            <RadixDialog.Close
              aria-label="Close source"
              className="absolute top-2 right-2 rounded p-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              {closeIcon}
            </RadixDialog.Close>
          </RadixDialog.Content>
        </RadixDialog.Portal>
      </RadixDialog.Root>
    );
  }
  return (
    <aside
      ref={panel}
      tabIndex={-1}
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
      className="relative flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white outline-none lg:w-96 dark:border-slate-800 dark:bg-slate-900"
    >
      <PanelBody slug={slug} open={open} headingId={headingId} />
      <button
        type="button"
        aria-label="Close source"
        onClick={onClose}
        className="absolute top-2 right-2 rounded p-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        {closeIcon}
      </button>
    </aside>
  );
}
