'use client';

import * as RadixDialog from '@/components/ui/lazy-dialog';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import { useDebounced } from '@/components/ui/hooks';
import { CitationPanel, type OpenCitation } from './CitationPanel';
import { Conversation } from './Conversation';
import { chatHref, isUuid } from './helpers';
import type { SessionAction } from './SessionActionsMenu';
import { DeleteChatDialog, RenameChatDialog } from './SessionDialogs';
import { SessionSidebar } from './SessionSidebar';
import type { ChatSessionRow } from './types';
import { isActive, useAnswerStreams } from './useAnswerStreams';

const PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

type SessionRef = Pick<ChatSessionRow, 'id' | 'title' | 'isArchived'>;
type SessionLike = SessionRef & Pick<ChatSessionRow, 'collectionIds' | 'createdAt' | 'updatedAt'>;

/**
 * Where focus goes once a dialog closes: back to what opened it, or, when that is gone (a chat
 * deleted from its own row, a drawer closed), to `fallback`.
 */
function useFocusAfterClose(open: boolean, fallback: () => HTMLElement | null) {
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) {
      wasOpen.current = true;
      return;
    }
    if (!wasOpen.current) return;
    wasOpen.current = false;
    const target = opener.current?.isConnected && opener.current.offsetParent !== null ? opener.current : fallback();
    opener.current = null;
    // After Radix has put focus where it wanted to.
    setTimeout(() => target?.focus(), 0);
  }, [open, fallback]);
  return (el: HTMLElement | null) => {
    opener.current = el;
  };
}

/** The chat page: the list of chats beside the open one (on phones, the list is a drawer). */
export function ChatPanel({
  slug,
  canListCollections,
  canEvaluate = false,
}: {
  slug: string;
  canListCollections: boolean;
  /** evals:run: a thumbs-down answer can be added to an evaluation dataset. */
  canEvaluate?: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const searchParams = useSearchParams();
  const requested = searchParams.get('session');
  const activeId = isUuid(requested) ? requested.toLowerCase() : null;

  const [search, setSearch] = useState('');
  const debouncedSearch = useDebounced(search.trim(), 300);
  const [archived, setArchived] = useState(false);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const list = useQuery({
    ...trpc.chat.list.queryOptions({ includeArchived: archived, search: debouncedSearch || undefined, page: 1, pageSize }),
    placeholderData: keepPreviousData,
  });
  const collections = useQuery({ ...trpc.collections.list.queryOptions(), enabled: canListCollections });
  const collectionNames = useMemo(
    () => (collections.data ? new Map(collections.data.map((c) => [c.id, c.name])) : null),
    [collections.data],
  );

  const streams = useAnswerStreams();
  const answering = useMemo(
    () =>
      new Set(
        Object.entries(streams.pending)
          .filter(([, p]) => isActive(p))
          .map(([id]) => id),
      ),
    [streams.pending],
  );

  const [drawerOpen, setDrawerOpen] = useState(false);
  // The collections a chat not yet started will answer from ([]: all the person may read).
  const [draftScope, setDraftScope] = useState<string[]>([]);
  const [renaming, setRenaming] = useState<SessionRef | null>(null);
  const [deleting, setDeleting] = useState<SessionRef | null>(null);
  const [askError, setAskError] = useState<string | null>(null);
  // The source open beside the chat, and the marker that opened it (focus goes back there).
  const [citation, setCitation] = useState<OpenCitation | null>(null);
  const citationOpener = useRef<HTMLElement | null>(null);
  const closeCitation = useCallback(() => {
    setCitation(null);
    const opener = citationOpener.current;
    citationOpener.current = null;
    setTimeout(() => (opener?.isConnected ? opener.focus() : composerRef.current?.focus()), 0);
  }, []);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const newChatRef = useRef<HTMLButtonElement>(null);
  const focusNewChat = useCallback(() => (newChatRef.current?.offsetParent ? newChatRef.current : composerRef.current), []);
  const afterRename = useFocusAfterClose(renaming !== null, focusNewChat);
  const afterDelete = useFocusAfterClose(deleting !== null, focusNewChat);

  const select = useCallback(
    (id: string | null, how: 'push' | 'replace' = 'push') => {
      const href = chatHref(slug, id);
      if (how === 'replace') window.history.replaceState(null, '', href);
      else window.history.pushState(null, '', href);
      setAskError(null);
      setDrawerOpen(false);
      setCitation(null);
    },
    [slug],
  );

  /** A new chat is shown at once, empty, while its first question is on its way. */
  const seed = useCallback(
    (s: SessionLike) => {
      qc.setQueryData(trpc.chat.get.queryKey({ id: s.id }), {
        id: s.id,
        title: s.title,
        isArchived: s.isArchived,
        collectionIds: s.collectionIds,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        messages: [],
      });
      void qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
    },
    [qc, trpc],
  );

  const create = useMutation(trpc.chat.create.mutationOptions());
  const onAsk = async (question: string): Promise<boolean> => {
    setAskError(null);
    let sessionId = activeId;
    if (!sessionId) {
      try {
        const created = await create.mutateAsync({ collectionIds: draftScope });
        seed(created);
        sessionId = created.id;
        select(sessionId);
      } catch (error) {
        setAskError(`Could not start a chat: ${errorMessage(error)}`);
        return false;
      }
    }
    streams.ask(sessionId, question);
    return true;
  };

  const archive = useMutation(
    trpc.chat.update.mutationOptions({
      onSuccess: (saved) => {
        qc.setQueryData(trpc.chat.get.queryKey({ id: saved.id }), (old) => (old ? { ...old, isArchived: saved.isArchived } : old));
        void qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
      },
      onError: (error) => toast.error(`The chat was not changed: ${errorMessage(error)}`),
    }),
  );
  const toggleArchive = (s: SessionRef) => {
    const next = !s.isArchived;
    archive.mutate(
      { id: s.id, isArchived: next },
      {
        onSuccess: () =>
          toast.success(next ? `Archived “${s.title}”.` : `Moved “${s.title}” back to your chats.`, {
            action: { label: 'Undo', onClick: () => archive.mutate({ id: s.id, isArchived: !next }) },
          }),
      },
    );
  };

  const onAction = (action: SessionAction, s: SessionRef, opener: HTMLElement | null) => {
    setDrawerOpen(false);
    if (action === 'rename') {
      afterRename(opener);
      setRenaming(s);
    } else if (action === 'delete') {
      afterDelete(opener);
      setDeleting(s);
    } else {
      toggleArchive(s);
    }
  };

  /**
   * New chat opens the question box at once (no dialog to type into by mistake); the chat is
   * created with the question, over the collections chosen in the composer.
   */
  const openNewChat = () => {
    if (activeId) select(null);
    setDrawerOpen(false);
    setDraftScope([]);
    // After the drawer (phones) has handed focus back.
    setTimeout(() => composerRef.current?.focus(), 0);
  };

  const rescope = useMutation(
    trpc.chat.update.mutationOptions({
      onSuccess: (saved) => {
        qc.setQueryData(trpc.chat.get.queryKey({ id: saved.id }), (old) => (old ? { ...old, collectionIds: saved.collectionIds } : old));
      },
      onError: (error) => toast.error(`The collections were not changed: ${errorMessage(error)}`),
    }),
  );
  const onScopeChange = (next: string[]) => {
    if (!activeId) setDraftScope(next);
    else {
      // Shown at once; a refusal puts the stored scope back.
      qc.setQueryData(trpc.chat.get.queryKey({ id: activeId }), (old) => (old ? { ...old, collectionIds: next } : old));
      rescope.mutate(
        { id: activeId, collectionIds: next },
        { onError: () => void qc.invalidateQueries({ queryKey: trpc.chat.get.queryKey({ id: activeId }) }) },
      );
    }
  };

  const sidebarProps = {
    slug,
    list,
    activeId,
    answering,
    search,
    onSearch: setSearch,
    archived,
    onArchived: setArchived,
    canShowMore: Boolean(list.data && list.data.total > list.data.items.length && pageSize < MAX_PAGE_SIZE),
    onShowMore: () => setPageSize((n) => Math.min(MAX_PAGE_SIZE, n + PAGE_SIZE)),
    onSelect: (id: string) => select(id),
    onNewChat: openNewChat,
    onAction: (action: SessionAction, s: ChatSessionRow, opener: HTMLElement | null) => onAction(action, s, opener),
  };

  return (
    <>
      <h1 className="sr-only">Chat</h1>
      <div className="flex h-[calc(100dvh-3.5rem-2rem)] min-h-[26rem] overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm md:h-[calc(100dvh-3.5rem-4rem)] dark:border-slate-800 dark:bg-slate-900">
        <aside
          aria-label="Your chats"
          // With a source open beside the answer, the list gives the conversation its room (until very wide screens).
          className={cn(
            'hidden w-72 shrink-0 flex-col border-r border-slate-200 bg-slate-50/60 lg:w-80 dark:border-slate-800 dark:bg-slate-900',
            citation ? '2xl:flex' : 'md:flex',
          )}
        >
          <SessionSidebar ref={newChatRef} {...sidebarProps} />
        </aside>
        <Conversation
          ref={composerRef}
          slug={slug}
          sessionId={activeId}
          pending={activeId ? streams.pending[activeId] : undefined}
          collectionNames={collectionNames}
          scope={{
            canList: canListCollections,
            draft: draftScope,
            collections: collections.data,
            loading: canListCollections && collections.isPending,
            error: collections.isError ? errorMessage(collections.error) : null,
            onChange: onScopeChange,
          }}
          askError={askError}
          budget={streams.budget}
          canEvaluate={canEvaluate}
          drawerToggle={
            <button
              type="button"
              aria-haspopup="dialog"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
              className="inline-flex h-9 shrink-0 items-center gap-1.5 rounded-md border border-slate-300 px-2.5 text-sm font-medium hover:bg-slate-100 md:hidden dark:border-slate-700 dark:hover:bg-slate-800"
              aria-label="Show chats"
            >
              <svg aria-hidden width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
                <path d="M2 3h12v1.6H2zM2 7.2h12v1.6H2zM2 11.4h12V13H2z" />
              </svg>
              Chats
            </button>
          }
          onAsk={onAsk}
          onRetry={(question, reuse) => activeId && streams.ask(activeId, question, reuse)}
          onStop={() => activeId && streams.stop(activeId)}
          onAction={(action, s, opener) => onAction(action, s, opener)}
          onNewChat={openNewChat}
          onCite={(messageId, c, opener) => {
            citationOpener.current = opener;
            setCitation({ messageId, citation: c });
          }}
        />
        <CitationPanel slug={slug} open={citation} onClose={closeCitation} />
      </div>
      {/* Phones: the list of chats as a drawer; its dialog code loads when it first opens. */}
      {drawerOpen ? (
        <RadixDialog.Root open onOpenChange={setDrawerOpen}>
          <RadixDialog.Portal>
            <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50 md:hidden" />
            <RadixDialog.Content
              aria-describedby={undefined}
              className="fixed inset-y-0 left-0 z-50 flex w-[88vw] max-w-sm flex-col border-r border-slate-200 bg-white shadow-xl md:hidden dark:border-slate-700 dark:bg-slate-900"
            >
              <div className="flex h-14 items-center justify-between border-b border-slate-200 px-3 dark:border-slate-800">
                <RadixDialog.Title className="text-base font-semibold">Your chats</RadixDialog.Title>
                <RadixDialog.Close
                  aria-label="Close chats"
                  className="rounded p-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
                >
                  <svg aria-hidden width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
                    <path d="M3.7 2.3 8 6.6l4.3-4.3 1.4 1.4L9.4 8l4.3 4.3-1.4 1.4L8 9.4l-4.3 4.3-1.4-1.4L6.6 8 2.3 3.7z" />
                  </svg>
                </RadixDialog.Close>
              </div>
              <div className="min-h-0 flex-1">
                <SessionSidebar {...sidebarProps} />
              </div>
            </RadixDialog.Content>
          </RadixDialog.Portal>
        </RadixDialog.Root>
      ) : null}

      <RenameChatDialog session={renaming} onClose={() => setRenaming(null)} />
      <DeleteChatDialog
        session={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(id) => {
          // The deleted chat's row (and its menu button) is about to go.
          afterDelete(newChatRef.current?.offsetParent ? newChatRef.current : composerRef.current);
          streams.dismiss(id);
          setDeleting(null);
          if (id === activeId) select(null, 'replace');
        }}
      />
    </>
  );
}
