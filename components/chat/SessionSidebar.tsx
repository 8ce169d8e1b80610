'use client';

import { When } from '@/components/ui/When';
import type { UseQueryResult } from '@tanstack/react-query';
import type { TRPCClientErrorLike } from '@trpc/client';
import type { AppRouter } from '@/server/trpc/root';
import { forwardRef, useId, type MouseEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import { formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { chatHref, plainPreview } from './helpers';
import { SessionActionsMenu, type SessionAction } from './SessionActionsMenu';
import type { ChatSessionRow } from './types';

export type SessionList = UseQueryResult<
  { items: ChatSessionRow[]; total: number; page: number; pageSize: number },
  TRPCClientErrorLike<AppRouter>
>;

export type SidebarProps = {
  slug: string;
  list: SessionList;
  activeId: string | null;
  answering: ReadonlySet<string>;
  search: string;
  onSearch: (value: string) => void;
  archived: boolean;
  onArchived: (value: boolean) => void;
  canShowMore: boolean;
  onShowMore: () => void;
  onSelect: (id: string) => void;
  onNewChat: (opener: HTMLElement) => void;
  onAction: (action: SessionAction, session: ChatSessionRow, opener: HTMLElement | null) => void;
};

/** The chats of the signed-in user: new chat, search, archived or not, each with its actions. */
export const SessionSidebar = forwardRef<HTMLButtonElement, SidebarProps>(function SessionSidebar(
  { slug, list, activeId, answering, search, onSearch, archived, onArchived, canShowMore, onShowMore, onSelect, onNewChat, onAction },
  newChatRef,
) {
  const id = useId();
  const items = list.data?.items ?? [];
  const filtered = Boolean(search.trim());

  const onLinkClick = (event: MouseEvent<HTMLAnchorElement>, sessionId: string) => {
    // A plain click switches chats in place; Ctrl/Cmd/middle click still opens a new tab.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onSelect(sessionId);
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="space-y-3 border-b border-slate-200 p-3 dark:border-slate-800">
        <Button ref={newChatRef} className="w-full" onClick={(e) => onNewChat(e.currentTarget)}>
          <svg aria-hidden width="14" height="14" viewBox="0 0 14 14" fill="currentColor">
            <path d="M6 1h2v5h5v2H8v5H6V8H1V6h5z" />
          </svg>
          New chat
        </Button>
        <div>
          <label htmlFor={`${id}-search`} className="sr-only">
            Search chats
          </label>
          <Input id={`${id}-search`} type="search" placeholder="Search chats" value={search} onChange={(e) => onSearch(e.target.value)} />
        </div>
        <label className="flex cursor-pointer items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          <input
            type="checkbox"
            checked={archived}
            onChange={(e) => onArchived(e.target.checked)}
            className="h-4 w-4 rounded border-slate-300 accent-indigo-600 dark:border-slate-600"
          />
          Show archived chats
        </label>
      </div>

      <nav aria-label="Chats" className="min-h-0 flex-1 overflow-y-auto p-2" aria-busy={list.isFetching}>
        {list.isPending ? (
          <p className="px-2 py-4 text-sm text-slate-500 dark:text-slate-400">Loading chats…</p>
        ) : list.isError ? (
          <div className="space-y-2 px-2 py-4">
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              Could not load your chats: {errorMessage(list.error)}
            </p>
            <Button variant="secondary" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </div>
        ) : items.length === 0 ? (
          <p className="px-2 py-4 text-sm text-slate-500 dark:text-slate-400">
            {filtered ? 'No chats match this search.' : 'No chats yet. Ask a question to start one.'}
          </p>
        ) : (
          <ul className="space-y-1">
            {items.map((s) => {
              const active = s.id === activeId;
              const preview = plainPreview(s.matchedMessage ?? s.lastMessage);
              const itemId = `${id}-${s.id}`;
              return (
                <li key={s.id}>
                  <div
                    className={cn(
                      'flex items-start gap-1 rounded-md pr-1',
                      active ? 'bg-indigo-50 dark:bg-indigo-950' : 'hover:bg-slate-100 dark:hover:bg-slate-800/70',
                    )}
                  >
                    <a
                      href={chatHref(slug, s.id)}
                      onClick={(e) => onLinkClick(e, s.id)}
                      aria-current={active ? 'page' : undefined}
                      aria-labelledby={`${itemId}-title`}
                      aria-describedby={`${itemId}-meta`}
                      className="block min-w-0 flex-1 rounded-md px-2 py-2"
                    >
                      <span
                        id={`${itemId}-title`}
                        className={cn(
                          'block truncate text-sm font-medium',
                          active ? 'text-indigo-900 dark:text-indigo-100' : 'text-slate-900 dark:text-slate-100',
                        )}
                      >
                        {s.title}
                      </span>
                      <span id={`${itemId}-meta`} className="block text-xs text-slate-500 dark:text-slate-400">
                        <span className="block truncate">{preview || 'No messages yet'}</span>
                        <span className="mt-0.5 flex items-center gap-2">
                          <When at={s.updatedAt} />
                          {s.isArchived ? (
                            <span className="rounded bg-slate-200 px-1.5 py-px text-[0.7rem] font-medium text-slate-700 dark:bg-slate-700 dark:text-slate-200">
                              Archived
                            </span>
                          ) : null}
                          {answering.has(s.id) ? (
                            <span className="font-medium text-indigo-700 dark:text-indigo-300">Answering…</span>
                          ) : null}
                        </span>
                      </span>
                    </a>
                    <SessionActionsMenu
                      className="mt-1.5"
                      title={s.title}
                      archived={s.isArchived}
                      onAction={(action, opener) => onAction(action, s, opener)}
                    />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {list.data && canShowMore ? (
          <div className="px-2 py-3">
            <Button variant="ghost" className="w-full" onClick={onShowMore} disabled={list.isFetching}>
              Show more chats
            </Button>
          </div>
        ) : list.data && list.data.total > items.length ? (
          <p className="px-2 py-3 text-xs text-slate-500 dark:text-slate-400">
            Showing the {formatNumber(items.length)} most recent of {formatNumber(list.data.total)} chats. Search to find older ones.
          </p>
        ) : null}
      </nav>
    </div>
  );
});
