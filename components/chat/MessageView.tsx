'use client';

import type { ReactNode } from 'react';
import { formatDateTime, formatNumber } from '@/lib/format';
import { AnswerMarkdown, SourceLink } from './AnswerMarkdown';
import { citationHref, pageLabel, truncate } from './helpers';
import { RatingControls } from './RatingControls';
import { AddToDatasetButton } from '@/components/evals/AddToDatasetButton';
import type { ChatMessage, Citation } from './types';

export function UserBubble({ content, at }: { content: string; at?: Date }) {
  return (
    <article aria-label="Your question" className="flex justify-end">
      <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-indigo-600 px-4 py-2.5 text-sm whitespace-pre-wrap break-words text-white shadow-sm sm:max-w-[75%]">
        {content}
        {at ? (
          <time dateTime={at.toISOString()} className="sr-only">
            {' '}
            Asked {formatDateTime(at)}
          </time>
        ) : null}
      </div>
    </article>
  );
}

/** The frame of an answer: on the left, with what comes under it (sources, details, rating). */
export function AnswerFrame({
  children,
  busy,
  live,
  label = 'Answer',
}: {
  children: ReactNode;
  busy?: boolean;
  live?: boolean;
  label?: string;
}) {
  return (
    <article aria-label={label} className="flex justify-start">
      <div
        className="w-full min-w-0 rounded-2xl rounded-bl-sm border border-slate-200 bg-white px-4 py-3 shadow-sm sm:max-w-[85%] dark:border-slate-700 dark:bg-slate-900"
        aria-live={live ? 'polite' : undefined}
        aria-busy={busy || undefined}
      >
        {children}
      </div>
    </article>
  );
}

function latency(ms: number): string {
  return ms < 1000 ? `${formatNumber(ms)} ms` : `${formatNumber(Math.round(ms / 100) / 10)} s`;
}

export function Sources({ citations, slug, headingId }: { citations: Citation[]; slug: string; headingId: string }) {
  if (citations.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="mt-3 border-t border-slate-200 pt-3 dark:border-slate-700">
      <h3 id={headingId} className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        Sources
      </h3>
      <ol className="mt-2 space-y-2">
        {citations.map((c) => {
          const page = pageLabel(c.page);
          return (
            <li key={c.n} className="flex gap-2 text-sm">
              <span
                aria-hidden
                className="mt-0.5 inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded bg-indigo-100 px-1 text-[0.7rem] font-semibold text-indigo-800 dark:bg-indigo-900 dark:text-indigo-100"
              >
                {c.n}
              </span>
              <div className="min-w-0">
                <p className="break-all">
                  <span className="sr-only">Source {c.n}: </span>
                  <SourceLink href={citationHref(slug, c)}>{c.filename}</SourceLink>
                  {page ? <span className="text-slate-600 dark:text-slate-400"> · {page}</span> : null}
                </p>
                <p className="mt-0.5 text-xs break-words text-slate-600 italic dark:text-slate-400">“{truncate(c.quote, 220)}”</p>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A stored answer: the text with its citations, its sources, how it was made, and its rating. */
export function AssistantMessage({
  message,
  slug,
  sessionId,
  footer,
  canAddToDataset = false,
}: {
  message: ChatMessage;
  slug: string;
  sessionId: string;
  footer?: ReactNode;
  /** The person may run evaluations: a thumbs-down answer can become a dataset case. */
  canAddToDataset?: boolean;
}) {
  const details = [
    message.model ? `${message.model}${message.provider ? ` (${message.provider})` : ''}` : null,
    message.latencyMs !== null ? latency(message.latencyMs) : null,
    message.inputTokens || message.outputTokens
      ? `${formatNumber(message.inputTokens)} tokens in · ${formatNumber(message.outputTokens)} out`
      : null,
  ].filter(Boolean);
  return (
    <AnswerFrame>
      <AnswerMarkdown content={message.content} citations={message.citations} slug={slug} />
      {message.stopped ? (
        <p className="text-sm text-slate-600 italic dark:text-slate-400">Stopped before the answer was complete.</p>
      ) : null}
      <Sources citations={message.citations} slug={slug} headingId={`sources-${message.id}`} />
      <RatingControls
        sessionId={sessionId}
        messageId={message.id}
        rating={message.rating}
        comment={message.comment}
        details={
          details.length > 0 ? (
            <p className="text-xs text-slate-500 dark:text-slate-400">
              <span className="sr-only">Answered by </span>
              {details.join(' · ')}
              <time dateTime={message.createdAt.toISOString()} className="sr-only">
                {' '}
                on {formatDateTime(message.createdAt)}
              </time>
            </p>
          ) : null
        }
      />
      {canAddToDataset && message.rating === 'down' ? <AddToDatasetButton slug={slug} messageId={message.id} /> : null}
      {footer}
    </AnswerFrame>
  );
}
