'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { formatNumber } from '@/lib/format';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

/** Confirms queueing every failed document again (one new job each). */
export function RetryFailedDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onOpenChange={(next) => !next && onClose()} title="Retry all failed documents?">
      {open ? <RetryFailed onDone={onClose} /> : null}
    </Dialog>
  );
}

function RetryFailed({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const retry = useMutation(
    trpc.jobs.retryFailed.mutationOptions({
      onSuccess: ({ retried }) => {
        void qc.invalidateQueries({ queryKey: trpc.jobs.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.documents.pathKey() });
        if (retried === 0) toast.info('Nothing to retry: no document has failed.');
        else toast.success(`Queued ${formatNumber(retried)} failed ${retried === 1 ? 'document' : 'documents'} for another attempt.`);
        onDone();
      },
    }),
  );
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Every document whose processing failed or was cancelled gets a new job and is processed again from the start. Failed jobs stay in
        the list for the record.
      </p>
      <Alert>{retry.error ? `Nothing was retried: ${formErrorText(retry.error, [])}` : null}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button disabled={retry.isPending} onClick={() => retry.mutate()}>
          {retry.isPending ? 'Retrying…' : 'Retry all failed'}
        </Button>
      </DialogActions>
    </div>
  );
}
