'use client';

import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import { formatDateTime, formatNumber } from '@/lib/format';
import { AnswerMarkdown } from './AnswerMarkdown';
import { answerForClipboard, citationHref, pageLabel, truncate } from './helpers';
import { RatingControls } from './RatingControls';
import { AddToDatasetButton } from '@/components/evals/AddToDatasetButton';
import type { ChatMessage, Citation } from './types';

const actionClass =
  'inline-flex min-h-8 items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-50 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white';

/** A small text button under a message (copy, regenerate, edit). */
export function MessageAction({
  label,
  icon,
  onClick,
  disabled,
  describedBy,
}: {
  label: string;
  icon: ReactNode;
  onClick: () => void;
  disabled?: boolean;
  describedBy?: string;
}) {
  return (
    <button type="button" className={actionClass} onClick={onClick} disabled={disabled} aria-describedby={describedBy}>
      <svg aria-hidden width="12" height="12" viewBox="0 0 16 16" fill="currentColor">
        {icon}
      </svg>
      {label}
    </button>
  );
}

const ICONS = {
  copy: <path d="M5 1h8a2 2 0 0 1 2 2v8h-2V3H5zM1 5a2 2 0 0 1 2-2h6a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2zm2 0v8h6V5z" />,
  check: <path d="M6.2 11.6 2.4 7.8 1 9.2l5.2 5.2L15 5.6l-1.4-1.4z" />,
  regenerate: <path d="M8 2a6 6 0 1 0 6 6h-2a4 4 0 1 1-1.2-2.8L8.5 7.5H14V2l-1.8 1.8A6 6 0 0 0 8 2z" />,
  edit: <path d="M11.3 1.3a1 1 0 0 1 1.4 0l2 2a1 1 0 0 1 0 1.4L6 13.4 2 14l.6-4zM4.5 10.3l-.2 1.4 1.4-.2L12.6 4.6l-1.2-1.2z" />,
};

export function UserBubble({
  content,
  at,
  onEdit,
  editDisabled,
}: {
  content: string;
  at?: Date;
  /** Puts the question back into the box to change and send again. */
  onEdit?: () => void;
  editDisabled?: boolean;
}) {
  return (
    <article aria-label="Your question" className="flex flex-col items-end">
      <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-indigo-600 px-4 py-2.5 text-sm whitespace-pre-wrap break-words text-white shadow-sm sm:max-w-[75%]">
        {content}
        {at ? (
          <time dateTime={at.toISOString()} className="sr-only">
            {' '}
            Asked {formatDateTime(at)}
          </time>
        ) : null}
      </div>
      {onEdit ? (
        <div className="mt-0.5">
          <MessageAction label="Edit question" icon={ICONS.edit} onClick={onEdit} disabled={editDisabled} />
        </div>
      ) : null}
    </article>
  );
}

/** Copies an answer (citations listed as sources) and says so on the button for a moment. */
function CopyAnswer({ message }: { message: ChatMessage }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(answerForClipboard(message.content, message.citations));
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.error('Could not copy: the browser refused access to the clipboard.');
    }
  };
  return (
    <>
      <MessageAction label={copied ? 'Copied' : 'Copy'} icon={copied ? ICONS.check : ICONS.copy} onClick={() => void copy()} />
      <span role="status" className="sr-only">
        {copied ? 'Answer copied to the clipboard.' : ''}
      </span>
    </>
  );
}

/** A link to a cited document, for places outside Markdown (the sources list). */
function SourceLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
      {children}
    </Link>
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

export function Sources({
  citations,
  slug,
  headingId,
  onCite,
}: {
  citations: Citation[];
  slug: string;
  headingId: string;
  /** Opens the source beside the answer; without it, the file name links to the document. */
  onCite?: (citation: Citation, opener: HTMLElement) => void;
}) {
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
                  {onCite ? (
                    <button
                      type="button"
                      onClick={(e) => onCite(c, e.currentTarget)}
                      className="text-left font-medium break-all text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
                    >
                      {c.filename}
                    </button>
                  ) : (
                    <SourceLink href={citationHref(slug, c)}>{c.filename}</SourceLink>
                  )}
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
  onCite,
  onRegenerate,
}: {
  message: ChatMessage;
  slug: string;
  sessionId: string;
  footer?: ReactNode;
  onCite?: (citation: Citation, opener: HTMLElement) => void;
  /** Asks the question of this answer again (shown under the last answer only). */
  onRegenerate?: () => void;
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
      <AnswerMarkdown content={message.content} citations={message.citations} slug={slug} onCite={onCite} />
      {message.stopped ? (
        <p className="text-sm text-slate-600 italic dark:text-slate-400">Stopped before the answer was complete.</p>
      ) : null}
      <Sources citations={message.citations} slug={slug} headingId={`sources-${message.id}`} onCite={onCite} />
      <div className="mt-2 flex flex-wrap items-center gap-1" role="group" aria-label="Answer actions">
        <CopyAnswer message={message} />
        {onRegenerate ? (
          <MessageAction label="Regenerate" icon={ICONS.regenerate} onClick={onRegenerate} describedBy={`regenerate-${message.id}`} />
        ) : null}
        {onRegenerate ? (
          <span id={`regenerate-${message.id}`} className="sr-only">
            Asks the question again; this answer stays above the new one.
          </span>
        ) : null}
      </div>
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
