'use client';

import * as DropdownMenu from '@/components/ui/lazy-dropdown-menu';
import { useRef } from 'react';
import { toast } from 'sonner';
import { errorMessage } from '@/components/ui/errors';
import { isBusy, readOnlyReason, type AccessFields } from './labels';
import { useReprocessDocument } from './mutations';
import type { DocumentRow } from './types';

const itemClass =
  'cursor-pointer rounded px-2 py-1.5 outline-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800';

/**
 * A row's actions as a menu (arrow keys move, Enter picks, Escape closes): Reprocess runs at
 * once, Delete asks first (the parent's dialog). A refusal shows under the button.
 */
export function DocumentActionsMenu({
  doc,
  onDelete,
}: {
  doc: Pick<DocumentRow, 'id' | 'filename' | 'status'> & AccessFields;
  onDelete: (opener: HTMLElement | null) => void;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  const reprocess = useReprocessDocument();
  const busy = isBusy(doc.status);
  // Shown first in the menu, with both actions disabled: the grant allows reading only.
  const readOnly = readOnlyReason(doc);
  return (
    <div className="flex flex-col items-end gap-1">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          ref={trigger}
          aria-label={`Actions for ${doc.filename}`}
          title="Actions"
          className="inline-flex h-9 w-9 items-center justify-center rounded-md border border-slate-300 bg-white text-slate-700 hover:bg-slate-100 data-[state=open]:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800 dark:data-[state=open]:bg-slate-800"
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
            className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
          >
            {readOnly ? (
              <DropdownMenu.Label className="max-w-64 px-2 py-1.5 text-xs text-slate-600 dark:text-slate-400">
                {readOnly}
              </DropdownMenu.Label>
            ) : null}
            <DropdownMenu.Item
              className={itemClass}
              disabled={busy || reprocess.isPending || readOnly !== null}
              onSelect={() =>
                reprocess.mutate({ id: doc.id }, { onSuccess: () => toast.success(`${doc.filename} will be processed again.`) })
              }
            >
              {/* One action under one name: a failed document's Reprocess is its Retry. */}
              {busy ? 'Reprocess (processing now)' : doc.status === 'failed' ? 'Retry' : 'Reprocess'}
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
            <DropdownMenu.Item
              className={`${itemClass} text-red-700 dark:text-red-400`}
              disabled={readOnly !== null}
              // Let the menu close (and stop hiding the page from assistive technology) before the dialog opens.
              onSelect={() => setTimeout(() => onDelete(trigger.current), 0)}
            >
              Delete…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {reprocess.isError ? (
        <p role="alert" className="max-w-48 text-right text-xs text-red-700 dark:text-red-300">
          {errorMessage(reprocess.error)}
        </p>
      ) : null}
    </div>
  );
}
