'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import type { Rating } from './types';
import { Textarea } from '@/components/ui/Textarea';

const LABELS: Record<Rating, string> = { up: 'Helpful answer', down: 'Unhelpful answer' };

function Thumb({ down }: { down?: boolean }) {
  return (
    <svg aria-hidden width="16" height="16" viewBox="0 0 20 20" fill="currentColor" className={down ? 'rotate-180' : undefined}>
      <path d="M2 9h3v9H2zM7 18h7.6a2 2 0 0 0 2-1.6l1.2-6A2 2 0 0 0 15.8 8H12V4.5A2.5 2.5 0 0 0 9.5 2L7 8.5z" />
    </svg>
  );
}

/** Thumbs up or down on an answer, with an optional comment; one rating per person, changeable. */
export function RatingControls({
  sessionId,
  messageId,
  rating,
  comment,
  details,
}: {
  sessionId: string;
  messageId: string;
  rating: Rating | null;
  comment: string | null;
  /** Shown at the end of the rating row (model, latency, tokens). */
  details?: ReactNode;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [commenting, setCommenting] = useState(false);
  const [draft, setDraft] = useState(comment ?? '');
  const rate = useMutation(
    trpc.chat.rate.mutationOptions({
      onSuccess: (saved) => {
        qc.setQueryData(trpc.chat.get.queryKey({ id: sessionId }), (old) =>
          old
            ? {
                ...old,
                messages: old.messages.map((m) => (m.id === saved.messageId ? { ...m, rating: saved.rating, comment: saved.comment } : m)),
              }
            : old,
        );
      },
    }),
  );
  const current = rate.isPending && rate.variables ? rate.variables.rating : rating;

  const choose = (value: Rating) => {
    rate.mutate(
      { messageId, rating: value, comment: comment ?? undefined },
      {
        onSuccess: () => {
          toast.success(
            value === 'up' ? 'Thanks for your feedback.' : 'Thanks for your feedback. A comment on what was wrong helps even more.',
          );
          setCommenting(value === 'down');
        },
      },
    );
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!current) return;
    rate.mutate(
      { messageId, rating: current, comment: draft.trim() || undefined },
      {
        onSuccess: () => {
          toast.success('Your comment was saved.');
          setCommenting(false);
        },
      },
    );
  };

  return (
    <div className="mt-3 space-y-2 border-t border-slate-100 pt-2 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Rate this answer">
          {(['up', 'down'] as const).map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={current === value}
              aria-label={LABELS[value]}
              title={LABELS[value]}
              disabled={rate.isPending}
              onClick={() => choose(value)}
              className={cn(
                'inline-flex h-8 w-8 items-center justify-center rounded-md border transition-colors disabled:opacity-60',
                current === value
                  ? value === 'up'
                    ? 'border-emerald-600 bg-emerald-50 text-emerald-700 dark:border-emerald-400 dark:bg-emerald-950 dark:text-emerald-300'
                    : 'border-red-600 bg-red-50 text-red-700 dark:border-red-400 dark:bg-red-950 dark:text-red-300'
                  : 'border-transparent text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100',
              )}
            >
              <Thumb down={value === 'down'} />
            </button>
          ))}
          {current && !commenting ? (
            <button
              type="button"
              onClick={() => setCommenting(true)}
              className="rounded px-2 py-1 text-xs text-slate-600 underline-offset-2 hover:underline dark:text-slate-400"
            >
              {comment ? 'Edit comment' : 'Add a comment'}
            </button>
          ) : null}
        </div>
        {details}
      </div>
      {comment && !commenting ? <p className="text-xs text-slate-600 dark:text-slate-400">Your comment: {comment}</p> : null}
      {commenting && current ? (
        <form onSubmit={onSubmit} className="max-w-lg space-y-2">
          <label htmlFor={`${id}-comment`} className="block text-xs font-medium text-slate-700 dark:text-slate-200">
            Comment (optional)
          </label>
          <Textarea
            id={`${id}-comment`}
            rows={2}
            maxLength={2000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={current === 'down' ? 'What was wrong or missing?' : 'What was useful?'}
          />
          <div className="flex gap-2">
            <Button type="submit" variant="secondary" className="min-h-8 px-3 py-1 text-xs" disabled={rate.isPending}>
              {rate.isPending ? 'Saving…' : 'Save comment'}
            </Button>
            <Button variant="ghost" className="min-h-8 px-3 py-1 text-xs" onClick={() => setCommenting(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
      {rate.isError ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          Your rating was not saved: {errorMessage(rate.error)}
        </p>
      ) : null}
    </div>
  );
}
