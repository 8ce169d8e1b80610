'use client';

import * as DropdownMenu from '@/components/ui/lazy-dropdown-menu';
import { useRef } from 'react';
import type { UserRow } from './types';

export type UserAction = 'edit' | 'link' | 'status';

const itemClass = 'cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800';

/** A row's actions as a menu: arrow keys move, Enter picks, Escape closes. */
export function UserActionsMenu({
  user,
  isSelf,
  onAction,
}: {
  user: UserRow;
  isSelf: boolean;
  onAction: (action: UserAction, opener: HTMLElement | null) => void;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  // Let the menu close (and stop hiding the page from assistive technology) before the dialog opens.
  const pick = (action: UserAction) => {
    setTimeout(() => onAction(action, trigger.current), 0);
  };
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        ref={trigger}
        aria-label={`Actions for ${user.email}`}
        className="inline-flex min-h-9 items-center gap-1 rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Actions
        <svg aria-hidden width="12" height="12" viewBox="0 0 12 12" fill="currentColor">
          <path d="M2.5 4.5 6 8l3.5-3.5z" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <DropdownMenu.Item className={itemClass} onSelect={() => pick('edit')}>
            Edit
          </DropdownMenu.Item>
          {user.status !== 'deactivated' ? (
            <DropdownMenu.Item className={itemClass} onSelect={() => pick('link')}>
              {user.status === 'invited' ? 'Resend invitation' : 'Reset password'}
            </DropdownMenu.Item>
          ) : null}
          {/* Nobody signed in is deactivated, so one's own row only ever offers Deactivate. */}
          {isSelf && user.status === 'deactivated' ? null : (
            <>
              <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
              <DropdownMenu.Item
                className={`${itemClass} ${user.status === 'deactivated' ? '' : 'text-red-700 dark:text-red-400'}`}
                onSelect={() => pick('status')}
              >
                {user.status === 'deactivated' ? 'Reactivate' : isSelf ? 'Deactivate my account' : 'Deactivate'}
              </DropdownMenu.Item>
            </>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
