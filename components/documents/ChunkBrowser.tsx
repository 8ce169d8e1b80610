'use client';

import { Alert } from '@/components/ui/Alert';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useDebounced } from '@/components/ui/hooks';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import { formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { Pagination } from '@/components/ui/Pagination';
import { pageRange } from './labels';
import type { ChunkRow, DocumentStatus } from './types';

const PAGE_SIZE = 10;
const labelClass = 'block text-sm font-medium text-slate-700 dark:text-slate-200';

/** `text` with each occurrence of `term` marked (case-insensitive), for the search results. */
function highlight(text: string, term: string): ReactNode {
  if (!term) return text;
  const lower = text.toLowerCase();
  const needle = term.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    parts.push(text.slice(from, at));
    parts.push(
      <mark key={at} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-500/40">
        {text.slice(at, at + needle.length)}
      </mark>,
    );
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return parts.map((part, i) => <Fragment key={i}>{part}</Fragment>);
}

/**
 * The document's chunks as retrieval sees them: searchable, filterable by page, paged. A link with
 * `?page=N&chunk=<id>` (a citation) opens on that page with that chunk marked and scrolled to.
 */
export function ChunkBrowser({
  documentId,
  status,
  headingId,
  initialPage,
  initialChunk,
  initialQuote = null,
}: {
  documentId: string;
  status: DocumentStatus;
  headingId: string;
  initialPage: number | null;
  initialChunk: string | null;
  /** The cited sentence in the linked chunk (document character offsets): marked inside it. */
  initialQuote?: { from: number; to: number } | null;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [pageText, setPageText] = useState(initialPage ? String(initialPage) : '');
  const pageNumber = /^\d+$/.test(pageText.trim()) && Number(pageText) >= 1 ? Number(pageText) : undefined;
  const pageInvalid = pageText.trim() !== '' && pageNumber === undefined;
  const filterKey = JSON.stringify([search, pageNumber]);
  const [paging, setPaging] = useState({ key: filterKey, page: 1 });
  const page = paging.key === filterKey ? paging.page : 1;

  const chunks = useQuery({
    ...trpc.documents.chunks.queryOptions({ documentId, search: search || undefined, pageNumber, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  // Scroll the cited chunk into view once, when it first shows up: its top clear of the sticky
  // header (scroll-margin), or, when it is taller than the window, its quoted sentence centred.
  const scrolled = useRef(false);
  const citedShown = Boolean(initialChunk && chunks.data?.items.some((c) => c.id === initialChunk));
  useEffect(() => {
    if (!citedShown || scrolled.current || !initialChunk) return;
    scrolled.current = true;
    const element = document.getElementById(`chunk-${initialChunk}`);
    if (!element) return;
    const quote = element.querySelector('mark[data-quote]');
    const header = document.querySelector('header')?.getBoundingClientRect().height ?? 56;
    if (quote && element.getBoundingClientRect().height > window.innerHeight - header - 32) quote.scrollIntoView({ block: 'center' });
    else element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  }, [citedShown, initialChunk]);

  const items = chunks.data?.items ?? [];
  const filtered = Boolean(search || pageNumber);
  const total = chunks.data?.total ?? 0;

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          Chunks
        </h2>
        {chunks.data ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {filtered ? `${formatNumber(total)} matching` : `${formatNumber(total)} in all`}
          </p>
        ) : null}
      </div>

      <div className="grid grid-cols-[minmax(0,1fr)_6.5rem] gap-3 sm:grid-cols-[minmax(0,1fr)_10rem]">
        <div className="space-y-1">
          <label htmlFor={`${id}-search`} className={labelClass}>
            Search in chunks
          </label>
          <Input
            id={`${id}-search`}
            type="search"
            placeholder="Words in the text"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-page`} className={labelClass}>
            Page
          </label>
          <Input
            id={`${id}-page`}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            placeholder="Any"
            value={pageText}
            onChange={(e) => setPageText(e.target.value)}
            aria-invalid={pageInvalid || undefined}
            aria-describedby={pageInvalid ? `${id}-page-error` : undefined}
          />
          {pageInvalid ? (
            <p id={`${id}-page-error`} className="text-xs text-red-700 dark:text-red-300">
              Enter a page number of 1 or more.
            </p>
          ) : null}
        </div>
      </div>

      {initialChunk && chunks.data && !citedShown && !chunks.isPlaceholderData ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {total > page * PAGE_SIZE || page > 1
            ? 'The linked chunk is not on this page of results.'
            : filtered
              ? 'The linked chunk is not among these chunks. Clear the search and the page filter to look for it; it may also have been replaced when the document was processed again.'
              : 'The linked chunk is no longer part of this document: it was replaced when the document was processed again.'}
        </p>
      ) : null}

      {chunks.isError ? (
        <Alert onRetry={() => void chunks.refetch()}>The chunks could not be loaded: {errorMessage(chunks.error)}</Alert>
      ) : chunks.isPending ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          Loading chunks…
        </p>
      ) : items.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          {filtered
            ? pageNumber && !search
              ? `No chunk covers page ${formatNumber(pageNumber)}.`
              : 'No chunk matches this search.'
            : status === 'failed'
              ? 'This document has no chunks: its processing failed.'
              : status === 'completed'
                ? 'This document has no chunks.'
                : 'Chunks appear here once processing completes.'}
        </p>
      ) : (
        <ol
          aria-label="Chunks"
          aria-busy={chunks.isFetching}
          className={cn('space-y-3', chunks.isPlaceholderData && 'opacity-60 transition-opacity')}
        >
          {items.map((chunk) => (
            <ChunkItem
              key={chunk.id}
              chunk={chunk}
              search={search}
              cited={chunk.id === initialChunk}
              quote={chunk.id === initialChunk ? initialQuote : null}
            />
          ))}
        </ol>
      )}

      {chunks.data && total > 0 ? (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
          onPage={(next) => setPaging({ key: filterKey, page: next })}
          label="chunks"
        />
      ) : null}
    </section>
  );
}

/** Chunks longer than this start folded to a few lines (unless searched or linked). */
const FOLD_CHARS = 700;

/** The quoted sentence's place in the chunk's text, when the document offsets fall inside it. */
export function quoteInChunk(
  chunk: { charStart: number; content: string },
  quote: { from: number; to: number } | null,
): { start: number; end: number } | null {
  if (!quote) return null;
  const start = quote.from - chunk.charStart;
  const end = quote.to - chunk.charStart;
  return start >= 0 && end > start && end <= chunk.content.length ? { start, end } : null;
}

function ChunkItem({
  chunk,
  search,
  cited,
  quote,
}: {
  chunk: ChunkRow;
  search: string;
  cited: boolean;
  quote: { from: number; to: number } | null;
}) {
  const at = search ? null : quoteInChunk(chunk, quote);
  const headingId = `chunk-${chunk.id}-title`;
  const textId = `chunk-${chunk.id}-text`;
  const pages = pageRange(chunk.pageFrom, chunk.pageTo);
  const foldable = chunk.content.length > FOLD_CHARS && !search && !cited;
  const [open, setOpen] = useState(false);
  const folded = foldable && !open;
  return (
    <li
      id={`chunk-${chunk.id}`}
      tabIndex={cited ? -1 : undefined}
      aria-labelledby={headingId}
      className={cn(
        'scroll-mt-24 rounded-lg border bg-white p-3 sm:p-4 dark:bg-slate-900',
        cited
          ? 'border-amber-400 ring-2 ring-amber-300 dark:border-amber-500 dark:ring-amber-600/60'
          : 'border-slate-200 dark:border-slate-800',
      )}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 id={headingId} className="font-medium">
          Chunk {formatNumber(chunk.chunkIndex + 1)}
        </h3>
        {cited ? <Badge tone="warning">Linked chunk</Badge> : null}
        {pages ? <Badge tone="info">{pages}</Badge> : null}
      </div>
      {chunk.section ? (
        <p className="mt-1 text-sm break-words text-slate-700 dark:text-slate-300">
          <span className="sr-only">Section: </span>
          {chunk.section}
        </p>
      ) : null}
      <p className="mt-1 text-xs text-slate-500 tabular-nums dark:text-slate-400">
        Index {chunk.chunkIndex} · {formatNumber(chunk.tokenCount)} tokens · characters {formatNumber(chunk.charStart)}–
        {formatNumber(chunk.charEnd)}
      </p>
      <div className="mt-3 rounded-md bg-slate-50 p-2.5 sm:p-3 dark:bg-slate-950">
        <p
          id={textId}
          className={cn(
            'max-w-[80ch] text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800 dark:text-slate-200',
            folded && 'line-clamp-6',
          )}
        >
          {at ? (
            <>
              {chunk.content.slice(0, at.start)}
              <mark data-quote className="scroll-mt-24 rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-500/40">
                <span className="sr-only">Quoted in the answer: </span>
                {chunk.content.slice(at.start, at.end)}
              </mark>
              {chunk.content.slice(at.end)}
            </>
          ) : (
            highlight(chunk.content, search)
          )}
        </p>
        {foldable ? (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={textId}
            onClick={() => setOpen((v) => !v)}
            className="mt-2 rounded-sm text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          >
            {open ? 'Show less' : 'Show full text'}
          </button>
        ) : null}
      </div>
    </li>
  );
}
