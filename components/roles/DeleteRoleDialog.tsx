'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { formatNumber } from '@/lib/format';
import type { Role } from '@/components/users/types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

/** `onClose(true)` after a deletion: the role's buttons are gone by then. */
export function DeleteRoleDialog({ role, onClose }: { role: Role | null; onClose: (deleted?: boolean) => void }) {
  return (
    <Dialog
      open={role !== null}
      onOpenChange={(open) => !open && onClose()}
      title={role ? `Delete role ${role.name}?` : 'Delete role'}
      description={
        role
          ? role.userCount > 0
            ? `${formatNumber(role.userCount)} ${role.userCount === 1 ? 'user loses' : 'users lose'} this role and the permissions it gives. This cannot be undone.`
            : 'No user holds this role. This cannot be undone.'
          : undefined
      }
    >
      {role ? <DeleteRole key={role.id} role={role} onDone={onClose} /> : null}
    </Dialog>
  );
}

function DeleteRole({ role, onDone }: { role: Role; onDone: (deleted?: boolean) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const remove = useMutation(
    trpc.roles.delete.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.roles.list.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        toast.success(`Deleted role ${role.name}.`);
        onDone(true);
      },
    }),
  );
  return (
    <div className="space-y-4">
      <Alert>{formErrorText(remove.error, [])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={() => onDone()}>
          Cancel
        </Button>
        <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: role.id })}>
          {remove.isPending ? 'Deleting…' : 'Delete role'}
        </Button>
      </DialogActions>
    </div>
  );
}
