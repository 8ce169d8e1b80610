'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import type { UserRow } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

/**
 * Confirms deactivating or reactivating a user; refusals (last admin) stay in the dialog. Deactivating
 * oneself says that it signs one out, then goes to the sign-in page, which says why.
 */
export function UserStatusDialog({
  user,
  isSelf,
  slug,
  onClose,
}: {
  user: UserRow | null;
  isSelf: boolean;
  slug: string;
  onClose: () => void;
}) {
  const deactivating = user?.status !== 'deactivated';
  const who = user ? user.fullName || user.email : '';
  return (
    <Dialog
      open={user !== null}
      onOpenChange={(open) => !open && onClose()}
      title={isSelf ? 'Deactivate your own account?' : deactivating ? `Deactivate ${who}?` : `Reactivate ${who}?`}
      description={
        isSelf
          ? 'You are signed out at once, everywhere, and cannot sign in again until another admin of this workspace reactivates you. Your data and roles are kept.'
          : deactivating
            ? 'They are signed out at once and cannot sign in or use the workspace until reactivated. Their data and roles are kept.'
            : 'They can sign in again with their existing password and roles.'
      }
    >
      {user ? <StatusConfirm key={user.id} user={user} isSelf={isSelf} slug={slug} deactivating={deactivating} onDone={onClose} /> : null}
    </Dialog>
  );
}

function StatusConfirm({
  user,
  isSelf,
  slug,
  deactivating,
  onDone,
}: {
  user: UserRow;
  isSelf: boolean;
  slug: string;
  deactivating: boolean;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = {
    onSuccess: (updated: UserRow) => {
      if (isSelf) {
        // Their session ended with the deactivation: the sign-in page says so, with the workspace filled in.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- intentional full load
        window.location.assign(`/sign-in?ended=deactivated&workspace=${encodeURIComponent(slug)}`);
        return;
      }
      void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      toast.success(`${updated.email} is ${updated.status === 'deactivated' ? 'deactivated' : 'active again'}.`);
      onDone();
    },
  };
  const deactivate = useMutation(trpc.users.deactivate.mutationOptions(options));
  const reactivate = useMutation(trpc.users.reactivate.mutationOptions(options));
  const mutation = deactivating ? deactivate : reactivate;
  return (
    <div className="space-y-4">
      <Alert>{formErrorText(mutation.error, [])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button
          variant={deactivating ? 'danger' : 'primary'}
          disabled={mutation.isPending}
          onClick={() => mutation.mutate({ id: user.id })}
        >
          {deactivating
            ? deactivate.isPending
              ? 'Deactivating…'
              : isSelf
                ? 'Deactivate and sign me out'
                : 'Deactivate'
            : reactivate.isPending
              ? 'Reactivating…'
              : 'Reactivate'}
        </Button>
      </DialogActions>
    </div>
  );
}
