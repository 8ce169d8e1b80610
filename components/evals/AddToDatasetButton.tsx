'use client';

import { useState } from 'react';
import { AddedMessage, AddToDatasetDialog, type AddedToDataset } from './AddToDatasetDialog';

/** Under an answer the person rated thumbs-down: make it a case of an evaluation dataset. */
export function AddToDatasetButton({ slug, messageId }: { slug: string; messageId: string }) {
  const [open, setOpen] = useState(false);
  const [added, setAdded] = useState<AddedToDataset | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded px-2 py-1 text-xs text-slate-600 underline-offset-2 hover:underline dark:text-slate-400"
      >
        Add to evaluation dataset
      </button>
      {added ? (
        <span role="status" className="text-emerald-800 dark:text-emerald-300">
          <AddedMessage slug={slug} added={added} />
        </span>
      ) : null}
      <AddToDatasetDialog slug={slug} messageId={messageId} open={open} onClose={() => setOpen(false)} onAdded={setAdded} />
    </div>
  );
}
