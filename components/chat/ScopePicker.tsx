'use client';

import * as DropdownMenu from '@/components/ui/lazy-dropdown-menu';
import { formatNumber } from '@/lib/format';
import type { CollectionOption } from './types';

const itemClass =
  'flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 outline-none data-[disabled]:cursor-default data-[disabled]:opacity-60 data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800';

/** "All collections", the one chosen, or how many. */
export function scopeLabel(chosen: string[], collections: readonly CollectionOption[] | undefined): string {
  if (chosen.length === 0) return 'All collections';
  const names = chosen.map((id) => collections?.find((c) => c.id === id)?.name).filter((n): n is string => Boolean(n));
  if (chosen.length === 1 && names.length === 1) return names[0]!;
  return `${formatNumber(chosen.length)} collections`;
}

function Check({ on }: { on: boolean }) {
  return (
    <span
      aria-hidden
      className="mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded border border-slate-400 data-[on=true]:border-indigo-600 data-[on=true]:bg-indigo-600 dark:border-slate-500"
      data-on={on}
    >
      {on ? (
        <svg width="10" height="10" viewBox="0 0 10 10" fill="none" stroke="white" strokeWidth="1.8">
          <path d="M1.5 5.2 4 7.5l4.5-5" />
        </svg>
      ) : null}
    </span>
  );
}

/**
 * Which collections the chat answers from, picked in the composer (as Onyx and Open WebUI do)
 * instead of a dialog before the first question: none chosen means every collection the person
 * may read. A menu of checkboxes: arrows move, Space or Enter ticks, the menu stays open.
 */
export function ScopePicker({
  chosen,
  collections,
  loading,
  error,
  disabled,
  onChange,
}: {
  chosen: string[];
  collections: readonly CollectionOption[] | undefined;
  loading: boolean;
  error: string | null;
  disabled?: boolean;
  onChange: (next: string[]) => void;
}) {
  const label = scopeLabel(chosen, collections);
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((x) => x !== id));
  return (
    <DropdownMenu.Root
      modal={false}
      fallback={
        <span className="inline-flex min-h-8 items-center rounded-md border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 dark:border-slate-700 dark:text-slate-200">
          {label}
        </span>
      }
    >
      <DropdownMenu.Trigger
        disabled={disabled}
        aria-label={`Collections searched: ${label}. Change`}
        className="inline-flex max-w-full min-h-8 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60 data-[state=open]:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800 dark:data-[state=open]:bg-slate-800"
      >
        <svg aria-hidden width="12" height="12" viewBox="0 0 16 16" fill="currentColor">
          <path d="M1 3.5A1.5 1.5 0 0 1 2.5 2h3.6l1.5 1.5h5.9A1.5 1.5 0 0 1 15 5v7.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 1 12.5z" />
        </svg>
        <span className="truncate">{label}</span>
        <svg aria-hidden width="10" height="10" viewBox="0 0 10 10" fill="currentColor">
          <path d="M1 3h8L5 7.5z" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          side="top"
          align="start"
          sideOffset={6}
          collisionPadding={12}
          className="z-50 max-h-[min(22rem,var(--radix-dropdown-menu-content-available-height))] w-72 max-w-[calc(100vw-1.5rem)] overflow-y-auto rounded-md border border-slate-200 bg-white p-1 text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs text-slate-500 dark:text-slate-400">Answer from</DropdownMenu.Label>
          <DropdownMenu.CheckboxItem
            className={itemClass}
            checked={chosen.length === 0}
            onCheckedChange={() => onChange([])}
            onSelect={(e) => e.preventDefault()}
          >
            <Check on={chosen.length === 0} />
            <span>
              <span className="block font-medium">All collections</span>
              <span className="block text-xs text-slate-500 dark:text-slate-400">Every collection you can read</span>
            </span>
          </DropdownMenu.CheckboxItem>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          {loading ? (
            <p className="px-2 py-1.5 text-xs text-slate-500 dark:text-slate-400">Loading collections…</p>
          ) : error ? (
            <p role="alert" className="px-2 py-1.5 text-xs text-red-700 dark:text-red-400">
              Could not load the collections: {error}
            </p>
          ) : !collections || collections.length === 0 ? (
            <p className="px-2 py-1.5 text-xs text-slate-500 dark:text-slate-400">There are no collections yet.</p>
          ) : (
            collections.map((c) => {
              const on = chosen.includes(c.id);
              return (
                <DropdownMenu.CheckboxItem
                  key={c.id}
                  className={itemClass}
                  checked={on}
                  onCheckedChange={(next) => toggle(c.id, next === true)}
                  onSelect={(e) => e.preventDefault()}
                >
                  <Check on={on} />
                  <span className="min-w-0">
                    <span className="block font-medium break-words">{c.name}</span>
                    <span className="block text-xs text-slate-500 dark:text-slate-400">
                      {formatNumber(c.documentCount)} {c.documentCount === 1 ? 'document' : 'documents'}
                      {c.visibility === 'restricted' ? ' · restricted' : ''}
                    </span>
                  </span>
                </DropdownMenu.CheckboxItem>
              );
            })
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
