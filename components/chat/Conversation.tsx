'use client';

import { useQuery } from '@tanstack/react-query';
import { forwardRef, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/components/ui/errors';
import { formatNumber } from '@/lib/format';
import { AnswerMarkdown } from './AnswerMarkdown';
import { Composer } from './Composer';
import type { TokenBudget } from './helpers';
import { AnswerFrame, AssistantMessage, UserBubble } from './MessageView';
import { ScopePicker } from './ScopePicker';
import { SessionActionsMenu, type SessionAction } from './SessionActionsMenu';
import type { ChatMessage, ChatSessionDetail, Citation, CollectionOption } from './types';
import { isActive, type PendingAnswer } from './useAnswerStreams';

const SUGGESTIONS = [
  'What are the main topics of my documents?',
  'What prices or costs do the documents mention?',
  'Which deadlines or dates should I know about?',
  'Summarise the most important rules in the documents.',
];

export type ConversationProps = {
  slug: string;
  sessionId: string | null;
  pending: PendingAnswer | undefined;
  collectionNames: ReadonlyMap<string, string> | null;
  /** The phones' button that opens the list of chats. */
  drawerToggle: ReactNode;
  /** Asks in this chat (creating one first when there is none); true once the question is on its way. */
  onAsk: (question: string) => Promise<boolean>;
  onRetry: (question: string, reuseUserMessageId: string | null) => void;
  onStop: () => void;
  onAction: (action: SessionAction, session: ChatSessionDetail, opener: HTMLElement | null) => void;
  onNewChat: (opener: HTMLElement) => void;
  askError: string | null;
  /** What is left of the daily tokens, when low. */
  budget?: TokenBudget | null;
  /** The person may run evaluations (evals:run): thumbs-down answers offer "Add to evaluation dataset". */
  canEvaluate?: boolean;
  /** The collections the chat answers from, chosen in the composer. */
  scope: {
    /** documents:read: without it the person cannot list collections and every readable one is searched. */
    canList: boolean;
    /** The choice for a chat not yet started. */
    draft: string[];
    collections: readonly CollectionOption[] | undefined;
    loading: boolean;
    error: string | null;
    onChange: (next: string[]) => void;
  };
  /** Opens a citation of an answer beside the chat. */
  onCite: (messageId: string, citation: Citation, opener: HTMLElement) => void;
};

function scopeText(collectionIds: string[], names: ReadonlyMap<string, string> | null): string {
  if (collectionIds.length === 0) return 'Searches all collections you can read';
  const known = collectionIds.map((id) => names?.get(id)).filter((n): n is string => Boolean(n));
  if (known.length === collectionIds.length) return `Searches ${known.join(', ')}`;
  return `Searches ${formatNumber(collectionIds.length)} ${collectionIds.length === 1 ? 'collection' : 'collections'}`;
}

function RetryButton({ onClick }: { onClick: () => void }) {
  return (
    <Button variant="secondary" className="min-h-8 px-3 py-1 text-xs" onClick={onClick}>
      <svg aria-hidden width="12" height="12" viewBox="0 0 16 16" fill="currentColor">
        <path d="M8 2a6 6 0 1 0 6 6h-2a4 4 0 1 1-1.2-2.8L8.5 7.5H14V2l-1.8 1.8A6 6 0 0 0 8 2z" />
      </svg>
      Retry
    </Button>
  );
}

/** One chat: its messages, the answer being streamed, and the question box. */
export const Conversation = forwardRef<HTMLTextAreaElement, ConversationProps>(function Conversation(
  {
    slug,
    sessionId,
    pending,
    collectionNames,
    drawerToggle,
    onAsk,
    onRetry,
    onStop,
    onAction,
    onNewChat,
    askError,
    budget,
    canEvaluate = false,
    scope,
    onCite,
  },
  composerRef,
) {
  // "Edit question" puts a question back into the box; each edit is a new draft.
  const [draft, setDraft] = useState<{ text: string; key: number } | null>(null);
  const edit = (text: string) => {
    setDraft((d) => ({ text, key: (d?.key ?? 0) + 1 }));
    const box = composerRef && 'current' in composerRef ? composerRef.current : null;
    setTimeout(() => {
      box?.focus();
      box?.setSelectionRange(text.length, text.length);
    }, 0);
  };
  const trpc = useTRPC();
  const session = useQuery({
    ...trpc.chat.get.queryOptions({ id: sessionId ?? '' }),
    enabled: sessionId !== null,
    // A refetch in the middle of an answer would only show what the stream already shows.
    refetchOnWindowFocus: !isActive(pending),
  });
  const messages: ChatMessage[] = session.data?.messages.filter((m) => m.role === 'user' || m.role === 'assistant') ?? [];

  // The stored question of the pending answer is shown by the pending answer itself, until the
  // stored answer arrives and replaces both.
  const pendingIndex = pending?.userMessageId ? messages.findIndex((m) => m.id === pending.userMessageId) : -1;
  const answered = pendingIndex >= 0 && messages.slice(pendingIndex + 1).some((m) => m.role === 'assistant');
  const showPending = pending !== undefined && !answered;
  const shown = showPending && pendingIndex >= 0 ? messages.filter((m) => m.id !== pending.userMessageId) : messages;
  const last = shown.at(-1);
  const streaming = isActive(pending);

  // Follow the answer as it grows, unless the reader scrolled up to read something else.
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    stick.current = true;
  }, [sessionId]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [sessionId, shown.length, pending?.text, pending?.status, session.isPending]);

  const ask = async (question: string) => {
    stick.current = true;
    return onAsk(question);
  };

  const notFound = session.isError && session.error.data?.code === 'NOT_FOUND';
  const title = sessionId === null ? 'New chat' : (session.data?.title ?? (session.isError ? 'Chat' : 'Loading…'));

  let body: ReactNode;
  if (sessionId !== null && session.isPending) {
    body = <p className="p-4 text-sm text-slate-500 dark:text-slate-400">Loading the conversation…</p>;
  } else if (notFound) {
    body = (
      <div className="space-y-3 p-4" role="alert">
        <p className="text-sm text-slate-700 dark:text-slate-300">This chat was not found. It may have been deleted.</p>
        <Button variant="secondary" onClick={(e) => onNewChat(e.currentTarget)}>
          Start a new chat
        </Button>
      </div>
    );
  } else if (session.isError) {
    body = (
      <div className="space-y-3 p-4">
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load this chat: {errorMessage(session.error)}
        </p>
        <Button variant="secondary" onClick={() => void session.refetch()}>
          Try again
        </Button>
      </div>
    );
  } else if (shown.length === 0 && !showPending) {
    body = (
      <div className="mx-auto flex max-w-xl flex-col items-center px-2 py-8 text-center sm:py-12">
        <div
          aria-hidden
          className="mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
        >
          <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M4 5h16v11H8l-4 4z" strokeLinejoin="round" />
          </svg>
        </div>
        <h3 className="text-lg font-semibold">Ask about your documents</h3>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Answers come only from the documents you can read, and every claim links to its source.
        </p>
        <ul className="mt-6 grid w-full gap-2 sm:grid-cols-2" aria-label="Suggested questions">
          {SUGGESTIONS.map((s) => (
            <li key={s}>
              <button
                type="button"
                onClick={() => void ask(s)}
                disabled={streaming}
                className="h-full w-full rounded-lg border border-slate-200 bg-white px-3 py-2.5 text-left text-sm text-slate-700 hover:border-indigo-300 hover:bg-indigo-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:border-indigo-700 dark:hover:bg-indigo-950"
              >
                {s}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  } else {
    body = (
      <div className="space-y-4 p-3 sm:p-4">
        {shown.map((m, i) => {
          const isLast = m === last && !showPending;
          if (m.role === 'user') {
            return (
              <div key={m.id} className="space-y-2">
                <UserBubble content={m.content} at={m.createdAt} onEdit={() => edit(m.content)} editDisabled={streaming} />
                {isLast && sessionId ? (
                  <div className="flex flex-wrap items-center justify-end gap-2 text-sm text-slate-600 dark:text-slate-400">
                    <span>This question has no answer yet.</span>
                    <RetryButton onClick={() => onRetry(m.content, m.id)} />
                  </div>
                ) : null}
              </div>
            );
          }
          const question = shown
            .slice(0, i)
            .reverse()
            .find((q) => q.role === 'user');
          return (
            <AssistantMessage
              key={m.id}
              message={m}
              slug={slug}
              sessionId={sessionId!}
              canAddToDataset={canEvaluate}
              onCite={(citation, opener) => onCite(m.id, citation, opener)}
              onRegenerate={isLast && question && !streaming ? () => void ask(question.content) : undefined}
              footer={
                isLast && question && m.stopped ? (
                  <div className="mt-2 flex justify-end">
                    <RetryButton onClick={() => onRetry(question.content, null)} />
                  </div>
                ) : null
              }
            />
          );
        })}
        {showPending ? (
          <PendingView
            pending={pending}
            slug={slug}
            // A stopped answer that said something was kept: asking again is a new question.
            onRetry={() => onRetry(pending.question, pending.status === 'stopped' && pending.text ? null : pending.userMessageId)}
          />
        ) : null}
      </div>
    );
  }

  return (
    <section aria-labelledby="chat-conversation-title" className="flex min-h-0 min-w-0 flex-1 flex-col">
      <header className="flex min-h-14 items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        {drawerToggle}
        <div className="min-w-0 flex-1">
          <h2 id="chat-conversation-title" className="truncate text-base font-semibold">
            {title}
          </h2>
          {sessionId === null ? (
            <p className="truncate text-xs text-slate-500 dark:text-slate-400">{scopeText(scope.draft, collectionNames)}</p>
          ) : session.data ? (
            <p className="truncate text-xs text-slate-500 dark:text-slate-400">{scopeText(session.data.collectionIds, collectionNames)}</p>
          ) : null}
        </div>
        {session.data?.isArchived ? <Badge>Archived</Badge> : null}
        {session.data ? (
          <SessionActionsMenu
            title={session.data.title}
            archived={session.data.isArchived}
            onAction={(action, opener) => onAction(action, session.data, opener)}
          />
        ) : null}
      </header>
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
        className="min-h-0 flex-1 overflow-y-auto bg-slate-50 dark:bg-slate-950"
      >
        {body}
      </div>
      <Composer
        ref={composerRef}
        streaming={streaming}
        disabled={notFound}
        error={askError}
        budget={budget}
        onSend={ask}
        onStop={onStop}
        draft={draft}
        tools={
          scope.canList ? (
            <ScopePicker
              chosen={sessionId === null ? scope.draft : (session.data?.collectionIds ?? [])}
              collections={scope.collections}
              loading={scope.loading}
              error={scope.error}
              disabled={notFound || (sessionId !== null && !session.data)}
              onChange={scope.onChange}
            />
          ) : (
            <span>Searches every document you can read</span>
          )
        }
      />
    </section>
  );
});

function PendingView({ pending, slug, onRetry }: { pending: PendingAnswer; slug: string; onRetry: () => void }) {
  const streaming = pending.status === 'waiting' || pending.status === 'streaming';
  return (
    <>
      <UserBubble content={pending.question} />
      <AnswerFrame live busy={streaming} label={streaming ? 'Answer, in progress' : 'Answer'}>
        {pending.text ? (
          <AnswerMarkdown content={pending.text} citations={[]} slug={slug} />
        ) : pending.status === 'waiting' ? (
          <p className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <span aria-hidden className="flex gap-1">
              <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-indigo-500 [animation-delay:-0.3s]" />
              <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-indigo-500 [animation-delay:-0.15s]" />
              <span className="h-1.5 w-1.5 animate-bounce rounded-full bg-indigo-500" />
            </span>
            Searching your documents…
          </p>
        ) : null}
        {pending.status === 'streaming' && pending.text ? (
          <span aria-hidden className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-indigo-500 align-text-bottom" />
        ) : null}
        {pending.status === 'saving' ? <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Adding the sources…</p> : null}
        {pending.status === 'error' ? (
          <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {pending.error ?? 'The answer failed. Try again.'}
            </p>
            <RetryButton onClick={onRetry} />
          </div>
        ) : null}
        {pending.status === 'stopped' ? (
          <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {pending.text ? 'Stopped before the answer was complete.' : 'Stopped before any answer was given.'}
            </p>
            <RetryButton onClick={onRetry} />
          </div>
        ) : null}
      </AnswerFrame>
    </>
  );
}
