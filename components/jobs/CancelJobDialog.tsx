'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { jobName } from './labels';
import type { JobRow } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

/** Confirms cancelling a waiting or running job. `onClose(true)` once the job's Cancel button is gone. */
export function CancelJobDialog({ job, onClose }: { job: JobRow | null; onClose: (cancelled?: boolean) => void }) {
  return (
    <Dialog
      open={job !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Cancel this job?"
      description={job ? jobName(job) : undefined}
    >
      {job ? <CancelJob key={job.id} job={job} onDone={onClose} /> : null}
    </Dialog>
  );
}

function CancelJob({ job, onDone }: { job: JobRow; onDone: (cancelled?: boolean) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const cancel = useMutation(
    trpc.jobs.cancel.mutationOptions({
      onError: (error) => {
        // It finished (or was cancelled) since the list was drawn: show the list as it is now.
        if (error.data?.code === 'NOT_FOUND') void qc.invalidateQueries({ queryKey: trpc.jobs.pathKey() });
      },
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.jobs.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.documents.pathKey() });
        toast.success(`Cancelled: ${jobName(job)}.`);
        onDone(true);
      },
    }),
  );
  const gone = cancel.error?.data?.code === 'NOT_FOUND';
  return (
    <div className="space-y-4">
      {gone ? null : (
        <div className="space-y-2 text-sm text-slate-700 dark:text-slate-300">
          <p>
            {job.status === 'processing' ? 'The worker running it stops at its next check-in, usually within seconds.' : 'It will not run.'}
          </p>
          {job.documentId ? (
            <p>
              The document is then marked as failed with “Processing was cancelled.” (unless it was already processed); Retry, here or on
              the document, processes it again.
            </p>
          ) : null}
        </div>
      )}
      <Alert>
        {gone
          ? 'There is nothing to cancel: the job has finished or was cancelled in the meantime.'
          : cancel.error
            ? `The job was not cancelled: ${formErrorText(cancel.error, [])}`
            : null}
      </Alert>
      <DialogActions>
        <Button variant="secondary" onClick={() => onDone(gone)}>
          {gone ? 'Back to the queue' : 'Keep it'}
        </Button>
        {gone ? null : (
          <Button variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: job.id })}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel job'}
          </Button>
        )}
      </DialogActions>
    </div>
  );
}
