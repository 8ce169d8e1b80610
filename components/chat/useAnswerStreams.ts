'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC, useTRPCClient } from '@/components/providers/trpc';
import { errorMessage } from '@/components/ui/errors';
import type { TokenBudget } from './helpers';

export type PendingStatus = 'waiting' | 'streaming' | 'saving' | 'error' | 'stopped';

/** A question being answered (or that failed or was stopped), before the stored answer replaces it. */
export type PendingAnswer = {
  question: string;
  /** The stored question, once the server said `started` (or the unanswered one a retry reuses). */
  userMessageId: string | null;
  text: string;
  status: PendingStatus;
  error: string | null;
};

type Unsubscribable = { unsubscribe: () => void };

/** How long the server may take to store a stopped answer before the chat is read again. */
const STOPPED_REFRESH_MS = [700, 2500];

/**
 * Answers streaming per chat session, so switching chats does not stop an answer. Each ask is
 * one `chat.onAnswer` subscription; Stop unsubscribes, which makes the server stop and keep the
 * partial answer. Leaving the page stops every answer still streaming.
 */
export function useAnswerStreams() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const [pending, setPending] = useState<Record<string, PendingAnswer>>({});
  // What is left of the daily tokens, as the last answer said (only when it is low).
  const [budget, setBudget] = useState<TokenBudget | null>(null);
  const subscriptions = useRef(new Map<string, Unsubscribable>());

  useEffect(() => {
    const subs = subscriptions.current;
    return () => {
      for (const sub of subs.values()) sub.unsubscribe();
      subs.clear();
    };
  }, []);

  const patch = useCallback((sessionId: string, change: (p: PendingAnswer) => PendingAnswer) => {
    setPending((all) => {
      const current = all[sessionId];
      return current ? { ...all, [sessionId]: change(current) } : all;
    });
  }, []);

  const dismiss = useCallback((sessionId: string) => {
    subscriptions.current.get(sessionId)?.unsubscribe();
    subscriptions.current.delete(sessionId);
    setPending((all) => {
      if (!(sessionId in all)) return all;
      const next = { ...all };
      delete next[sessionId];
      return next;
    });
  }, []);

  const refresh = useCallback(
    (sessionId: string) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: trpc.chat.get.queryKey({ id: sessionId }), refetchType: 'all' }),
        qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() }),
      ]),
    [qc, trpc],
  );

  const ask = useCallback(
    (sessionId: string, question: string, reuseUserMessageId: string | null = null) => {
      subscriptions.current.get(sessionId)?.unsubscribe();
      setPending((all) => ({
        ...all,
        [sessionId]: { question, userMessageId: reuseUserMessageId, text: '', status: 'waiting', error: null },
      }));
      let finished = false;
      const fail = (message: string) => {
        finished = true;
        subscriptions.current.delete(sessionId);
        patch(sessionId, (p) => ({ ...p, status: 'error', error: message }));
        // The question (and a new chat's title) may have been stored before the failure.
        void qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
      };
      const subscription = client.chat.onAnswer.subscribe(
        { sessionId, question },
        {
          onData(event) {
            switch (event.type) {
              case 'started':
                patch(sessionId, (p) => ({ ...p, userMessageId: event.userMessageId, status: 'streaming' }));
                // The first question names a new chat.
                qc.setQueryData(trpc.chat.get.queryKey({ id: sessionId }), (old) => (old ? { ...old, title: event.title } : old));
                void qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
                break;
              case 'delta':
                patch(sessionId, (p) => ({ ...p, status: 'streaming', text: p.text + event.text }));
                break;
              case 'done':
                finished = true;
                subscriptions.current.delete(sessionId);
                setBudget(event.budget ?? null);
                patch(sessionId, (p) => ({ ...p, status: 'saving', text: event.message.content }));
                // The stored answer (with its citations) replaces the streamed one once it is read back.
                void refresh(sessionId).finally(() =>
                  setPending((all) => {
                    if (all[sessionId]?.status !== 'saving') return all;
                    const next = { ...all };
                    delete next[sessionId];
                    return next;
                  }),
                );
                break;
              case 'error':
                fail(event.message);
                break;
            }
          },
          onError(error) {
            fail(errorMessage(error));
          },
          onComplete() {
            subscriptions.current.delete(sessionId);
            if (finished) return;
            patch(sessionId, (p) =>
              p.status === 'waiting' || p.status === 'streaming'
                ? { ...p, status: 'error', error: 'The answer ended before it was complete. Try again.' }
                : p,
            );
          },
        },
      );
      subscriptions.current.set(sessionId, subscription);
    },
    [client, patch, qc, refresh, trpc],
  );

  const stop = useCallback(
    (sessionId: string) => {
      const subscription = subscriptions.current.get(sessionId);
      if (!subscription) return;
      subscription.unsubscribe();
      subscriptions.current.delete(sessionId);
      patch(sessionId, (p) => ({ ...p, status: 'stopped' }));
      // The server keeps what was said so far: read the chat again once it has.
      for (const delay of STOPPED_REFRESH_MS) setTimeout(() => void refresh(sessionId), delay);
    },
    [patch, refresh],
  );

  return { pending, budget, ask, stop, dismiss };
}

export function isActive(p: PendingAnswer | undefined): boolean {
  return p?.status === 'waiting' || p?.status === 'streaming';
}
