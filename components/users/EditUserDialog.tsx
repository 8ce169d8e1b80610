'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { RoleCheckboxes } from './RoleCheckboxes';
import type { UserRow } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { useFocusFirstInvalid } from '@/components/ui/hooks';

export function EditUserDialog({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  return (
    <Dialog
      open={user !== null}
      onOpenChange={(open) => !open && onClose()}
      title={user ? `Edit ${user.fullName || user.email}` : 'Edit user'}
      description={user?.email}
      wide
    >
      {user ? <EditUserForm key={user.id} user={user} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditUserForm({ user, onDone }: { user: UserRow; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const roles = useQuery(trpc.roles.list.queryOptions());
  const [fullName, setFullName] = useState(user.fullName);
  const [roleIds, setRoleIds] = useState(() => user.roles.map((r) => r.id));
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (updated) => {
        void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.roles.list.queryKey() });
        toast.success(`Saved ${updated.fullName || updated.email}.`);
        onDone();
      },
    }),
  );

  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, update.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const before = new Set(user.roles.map((r) => r.id));
    const rolesChanged = roleIds.length !== before.size || roleIds.some((r) => !before.has(r));
    // Only what changed, so a name edit is never refused over roles the member cannot grant.
    update.mutate({
      id: user.id,
      ...(fullName.trim() !== user.fullName ? { fullName } : {}),
      ...(rolesChanged ? { roleIds } : {}),
    });
  }

  const nameError = fieldError(update.error, 'fullName');
  const rolesError = fieldError(update.error, 'roleIds');
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id={`${id}-name`} label="Name" error={nameError}>
        <Input
          id={`${id}-name`}
          autoComplete="off"
          value={fullName}
          onChange={(e) => setFullName(e.target.value)}
          aria-invalid={Boolean(nameError)}
          aria-describedby={describedBy(`${id}-name`, { error: nameError })}
        />
      </Field>
      <RoleCheckboxes roles={roles.data} loading={roles.isPending} value={roleIds} onChange={setRoleIds} error={rolesError} />
      {roles.isError ? <Alert>Could not load the roles: {formErrorText(roles.error, [])}</Alert> : null}
      <Alert>{formErrorText(update.error, ['fullName', 'roleIds'])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save changes'}
        </Button>
      </DialogActions>
    </form>
  );
}
