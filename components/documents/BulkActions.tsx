'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { formErrorText } from '@/components/ui/errors';
import { Select } from '@/components/ui/Select';
import { accessAllows } from '@/lib/access';
import { formatNumber } from '@/lib/format';
import { useBulkDocuments } from './mutations';
import type { DocumentRow } from './types';

type Action = 'delete' | 'reprocess' | 'move';
type Outcome = { done: string[]; skipped: Array<{ id: string; filename: string | null; reason: string }> };

const small = 'min-h-9! px-3! py-1! text-sm!';
const documentsText = (n: number) => `${formatNumber(n)} ${n === 1 ? 'document' : 'documents'}`;

/**
 * What to do with the selected documents: reprocess, move to a collection, or delete (after a
 * confirmation). Each document the server had to leave is listed with its reason.
 */
export function BulkActions({ selected, onDone }: { selected: DocumentRow[]; onDone: (kept: string[]) => void }) {
  const trpc = useTRPC();
  const id = useId();
  const bulk = useBulkDocuments();
  const collections = useQuery(trpc.collections.list.queryOptions());
  const [target, setTarget] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ action: Action; result: Outcome } | null>(null);
  const targets = (collections.data ?? []).filter((c) =>
    accessAllows({ restricted: c.visibility === 'restricted', level: c.myLevel }, 'write'),
  );
  const ids = selected.map((d) => d.id);

  const run = (action: Action) => {
    const input = action === 'move' ? { action, ids, collectionId: target } : { action, ids };
    bulk.mutate(input, {
      onSuccess: (result) => {
        setConfirming(false);
        setOutcome({ action, result });
        const verb = { delete: 'Deleted', reprocess: 'Queued for processing', move: 'Moved' }[action];
        if (result.done.length > 0) toast.success(`${verb}: ${documentsText(result.done.length)}.`);
        // Those left as they were stay selected, so they can be dealt with next.
        onDone(result.skipped.map((s) => s.id));
      },
    });
  };

  if (selected.length === 0 && !outcome) return null;
  return (
    <div className="space-y-2">
      {selected.length > 0 ? (
        <div
          role="region"
          aria-label="Selected documents"
          className="flex flex-wrap items-center gap-2 rounded-lg border border-indigo-200 bg-indigo-50 p-3 text-sm dark:border-indigo-900 dark:bg-indigo-950/40"
        >
          <span className="font-medium">{formatNumber(selected.length)} selected</span>
          <Button variant="secondary" className={small} disabled={bulk.isPending} onClick={() => run('reprocess')}>
            Reprocess
          </Button>
          <span className="flex flex-wrap items-center gap-2">
            <label htmlFor={`${id}-target`} className="sr-only">
              Move to collection
            </label>
            <Select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} className="min-h-9! w-auto! py-1!">
              <option value="">Move to…</option>
              {targets.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
            <Button variant="secondary" className={small} disabled={!target || bulk.isPending} onClick={() => run('move')}>
              Move
            </Button>
          </span>
          <Button variant="danger" className={small} disabled={bulk.isPending} onClick={() => setConfirming(true)}>
            Delete
          </Button>
          <Button variant="ghost" className={small} disabled={bulk.isPending} onClick={() => onDone([])}>
            Clear selection
          </Button>
        </div>
      ) : null}
      {bulk.error && !confirming ? <Alert>Nothing was changed: {formErrorText(bulk.error, [])}</Alert> : null}
      {outcome && outcome.result.skipped.length > 0 ? (
        <div role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">
            {documentsText(outcome.result.skipped.length)} left as {outcome.result.skipped.length === 1 ? 'it was' : 'they were'}:
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {outcome.result.skipped.map((s) => (
              <li key={s.id}>
                <span className="font-medium">{s.filename ?? 'A document you cannot see'}</span>: {s.reason}
              </li>
            ))}
          </ul>
          <Button variant="ghost" className={`${small} mt-1`} onClick={() => setOutcome(null)}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <Dialog
        open={confirming}
        onOpenChange={(open) => !open && !bulk.isPending && setConfirming(false)}
        title={`Delete ${documentsText(selected.length)}?`}
        description="Their original files, chunks and processing history are removed, and answers will no longer cite them. This cannot be undone."
      >
        <ul className="max-h-48 list-disc space-y-0.5 overflow-auto pl-5 text-sm text-slate-700 dark:text-slate-300">
          {selected.map((d) => (
            <li key={d.id} className="break-words">
              {d.filename}
            </li>
          ))}
        </ul>
        {bulk.error ? <Alert className="mt-3">Nothing was deleted: {formErrorText(bulk.error, [])}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" disabled={bulk.isPending} onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={bulk.isPending} onClick={() => run('delete')}>
            {bulk.isPending ? 'Deleting…' : `Delete ${documentsText(selected.length)}`}
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
