'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { errorMessage } from '@/components/ui/errors';
import { formatNumber } from '@/lib/format';
import { runTitle } from './run-labels';
import type { Run } from './run-types';

/** Every view of runs (lists, a run, comparisons) refreshes after a change. */
export function useInvalidateRuns() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.evaluations.pathFilter());
}

/** Confirms, then stops a waiting or running run; the cases done so far are kept and summarised. */
export function CancelRunDialog({ run, onClose }: { run: Pick<Run, 'id' | 'name' | 'progress'> | null; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateRuns();
  const cancel = useMutation(trpc.evaluations.cancel.mutationOptions({ onSuccess: () => invalidate() }));
  const close = () => {
    if (cancel.isPending) return;
    cancel.reset();
    onClose();
  };
  return (
    <Dialog
      open={run !== null}
      onOpenChange={(open) => {
        if (!open) close();
      }}
      title={run ? `Cancel ${runTitle(run)}?` : 'Cancel the run?'}
      description="The run stops after the case it is answering. Its results so far are kept and summarised, but it cannot be resumed."
    >
      {run ? (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            cancel.mutate(
              { id: run.id },
              {
                onSuccess: () => {
                  toast.success(`${runTitle(run)} was cancelled.`);
                  cancel.reset();
                  onClose();
                },
              },
            );
          }}
        >
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {formatNumber(run.progress.done)} of {formatNumber(run.progress.total)} cases are done.
          </p>
          {cancel.isError ? <Alert>The run was not cancelled: {errorMessage(cancel.error)}</Alert> : null}
          <DialogActions>
            <Button variant="secondary" onClick={close} disabled={cancel.isPending}>
              Keep running
            </Button>
            <Button type="submit" variant="danger" disabled={cancel.isPending}>
              {cancel.isPending ? 'Cancelling…' : 'Cancel run'}
            </Button>
          </DialogActions>
        </form>
      ) : null}
    </Dialog>
  );
}

/** Confirms, then makes the run its dataset's baseline: later runs are compared with it by default. */
export function ApproveRunDialog({
  run,
  hasBaseline,
  open,
  onClose,
}: {
  run: Pick<Run, 'id' | 'name' | 'datasetName'>;
  hasBaseline: boolean;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateRuns();
  const approve = useMutation(trpc.evaluations.approve.mutationOptions({ onSuccess: () => invalidate() }));
  const close = () => {
    if (approve.isPending) return;
    approve.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) close();
      }}
      title={`Approve ${runTitle(run)} as the baseline?`}
      description={`Later runs of “${run.datasetName}” will be compared with this one by default, and the command-line gate checks them against it.`}
    >
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          approve.mutate(
            { id: run.id },
            {
              onSuccess: () => {
                toast.success(`${runTitle(run)} is now the baseline of ${run.datasetName}.`);
                approve.reset();
                onClose();
              },
            },
          );
        }}
      >
        {hasBaseline ? <p className="text-sm text-slate-700 dark:text-slate-300">It replaces the dataset’s current baseline.</p> : null}
        {approve.isError ? <Alert>The run was not approved: {errorMessage(approve.error)}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={close} disabled={approve.isPending}>
            Not now
          </Button>
          <Button type="submit" disabled={approve.isPending}>
            {approve.isPending ? 'Approving…' : 'Approve as baseline'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Confirms, then deletes a finished run with its results and stored reports; then back to the runs. */
export function DeleteRunDialog({
  run,
  slug,
  open,
  onClose,
}: {
  run: Pick<Run, 'id' | 'name' | 'isBaseline'>;
  slug: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.evaluations.delete.mutationOptions());
  const close = () => {
    if (remove.isPending) return;
    remove.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) close();
      }}
      title={`Delete ${runTitle(run)}?`}
      description="Its case results and stored reports are deleted with it. This cannot be undone."
    >
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          remove.mutate(
            { id: run.id },
            {
              onSuccess: () => {
                toast.success(`${runTitle(run)} was deleted.`);
                router.push(`/t/${slug}/evaluations`);
                // After leaving: refetching the deleted run on this page would only fail.
                void queryClient.invalidateQueries(trpc.evaluations.list.pathFilter());
              },
            },
          );
        }}
      >
        {run.isBaseline ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            It is the dataset’s baseline: the dataset will have none until you approve another run.
          </p>
        ) : null}
        {remove.isError ? <Alert>The run was not deleted: {errorMessage(remove.error)}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={close} disabled={remove.isPending}>
            Keep it
          </Button>
          <Button type="submit" variant="danger" disabled={remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete run'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
