'use client';

import * as DropdownMenu from '@/components/ui/lazy-dropdown-menu';
import { useRef } from 'react';
import { cn } from '@/components/ui/cn';

export type SessionAction = 'rename' | 'archive' | 'delete';

const itemClass = 'cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800';

/** A chat's actions as a menu: arrow keys move, Enter picks, Escape closes. */
export function SessionActionsMenu({
  title,
  archived,
  onAction,
  className,
}: {
  title: string;
  archived: boolean;
  onAction: (action: SessionAction, opener: HTMLElement | null) => void;
  className?: string;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  // Let the menu close (and stop hiding the page from assistive technology) before a dialog opens.
  const pick = (action: SessionAction) => setTimeout(() => onAction(action, trigger.current), 0);
  return (
    <DropdownMenu.Root fallback={<span aria-hidden className={cn('inline-block h-8 w-8 shrink-0', className)} />}>
      <DropdownMenu.Trigger
        ref={trigger}
        aria-label={`Actions for chat “${title}”`}
        title="Chat actions"
        className={cn(
          'inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-200 hover:text-slate-900 data-[state=open]:bg-slate-200 dark:text-slate-400 dark:hover:bg-slate-700 dark:hover:text-white dark:data-[state=open]:bg-slate-700',
          className,
        )}
      >
        <svg aria-hidden width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
          <circle cx="3" cy="8" r="1.5" />
          <circle cx="8" cy="8" r="1.5" />
          <circle cx="13" cy="8" r="1.5" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-40 rounded-md border border-slate-200 bg-white p-1 text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <DropdownMenu.Item className={itemClass} onSelect={() => pick('rename')}>
            Rename
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} onSelect={() => pick('archive')}>
            {archived ? 'Unarchive' : 'Archive'}
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          <DropdownMenu.Item className={`${itemClass} text-red-700 dark:text-red-400`} onSelect={() => pick('delete')}>
            Delete…
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
