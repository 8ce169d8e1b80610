'use client';

import { forwardRef, useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/Button';
import { formatNumber } from '@/lib/format';
import { budgetNotice, MAX_QUESTION, type TokenBudget } from './helpers';

/**
 * The question box: Enter sends, Shift+Enter starts a new line. While an answer streams, Send
 * gives way to Stop.
 */
export const Composer = forwardRef<
  HTMLTextAreaElement,
  {
    streaming: boolean;
    disabled?: boolean;
    error?: string | null;
    budget?: TokenBudget | null;
    onSend: (question: string) => boolean | Promise<boolean>;
    onStop: () => void;
    /** Controls under the box, e.g. which collections the chat answers from. */
    tools?: ReactNode;
    /** Text put into the box from outside (edit a question); a new `key` puts it again. */
    draft?: { text: string; key: number } | null;
  }
>(function Composer({ streaming, disabled = false, error, budget, onSend, onStop, tools, draft }, ref) {
  const id = useId();
  const [text, setText] = useState('');
  // A new draft replaces the text (adjusting state while rendering, not in an effect).
  const [seenDraft, setSeenDraft] = useState(draft);
  if (draft !== seenDraft) {
    setSeenDraft(draft);
    if (draft) setText(draft.text);
  }
  const [tooLong, setTooLong] = useState(false);
  const [sending, setSending] = useState(false);
  const length = text.trim().length;

  const send = async () => {
    const question = text.trim();
    if (!question || streaming || disabled || sending) return;
    if (question.length > MAX_QUESTION) {
      setTooLong(true);
      return;
    }
    setSending(true);
    try {
      if (await onSend(question)) setText('');
    } finally {
      setSending(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const message =
    tooLong && length > MAX_QUESTION
      ? `Keep the question under ${formatNumber(MAX_QUESTION)} characters (now ${formatNumber(length)}).`
      : error;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  return (
    <form onSubmit={onSubmit} className="border-t border-slate-200 bg-white p-3 sm:p-4 dark:border-slate-800 dark:bg-slate-900">
      <label htmlFor={`${id}-question`} className="sr-only">
        Ask a question
      </label>
      <div className="flex items-end gap-2">
        <textarea
          ref={ref}
          id={`${id}-question`}
          rows={2}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (tooLong && e.target.value.trim().length <= MAX_QUESTION) setTooLong(false);
          }}
          onKeyDown={onKeyDown}
          placeholder="Ask about your documents…"
          aria-invalid={Boolean(message) || undefined}
          aria-describedby={message ? `${errorId} ${hintId}` : hintId}
          disabled={disabled}
          className="block max-h-48 min-h-11 w-full resize-y rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500 aria-[invalid=true]:border-red-500 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-400"
        />
        {/* One button that turns into Stop, so focus stays on it while the answer streams. */}
        <Button
          type={streaming ? 'button' : 'submit'}
          variant={streaming ? 'secondary' : 'primary'}
          onClick={streaming ? onStop : undefined}
          disabled={!streaming && (disabled || sending || length === 0)}
          className="shrink-0"
        >
          {streaming ? (
            <svg aria-hidden width="12" height="12" viewBox="0 0 12 12" fill="currentColor">
              <rect x="1" y="1" width="10" height="10" rx="1.5" />
            </svg>
          ) : null}
          {streaming ? 'Stop' : 'Send'}
        </Button>
      </div>
      <div className="mt-1.5 flex flex-wrap items-center justify-between gap-x-3 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
        {tools ? <div className="flex min-w-0 items-center gap-2">{tools}</div> : null}
        <p id={hintId} className="hidden sm:block">
          Enter sends, Shift+Enter adds a new line.
        </p>
        {length > MAX_QUESTION * 0.9 ? (
          <p className={length > MAX_QUESTION ? 'text-red-700 dark:text-red-400' : undefined}>
            {formatNumber(length)} / {formatNumber(MAX_QUESTION)}
          </p>
        ) : null}
      </div>
      {budget && !message ? (
        <p role="status" className="mt-1 text-xs text-amber-800 dark:text-amber-300">
          {budgetNotice(budget)}
        </p>
      ) : null}
      {message ? (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {message}
        </p>
      ) : null}
    </form>
  );
});
