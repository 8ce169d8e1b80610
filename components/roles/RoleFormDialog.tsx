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
import type { Permission, Role } from '@/components/users/types';
import { PermissionCheckboxes } from './PermissionCheckboxes';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { Textarea } from '@/components/ui/Textarea';
import { useFocusFirstInvalid } from '@/components/ui/hooks';

/** Creates a custom role (`role` null) or edits one. */
export function RoleFormDialog({
  open,
  role,
  held,
  onClose,
}: {
  open: boolean;
  role: Role | null;
  held: readonly Permission[];
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && onClose()}
      title={role ? `Edit role ${role.name}` : 'New role'}
      description={role ? undefined : 'A custom role is a named set of permissions you can assign to users.'}
      wide
    >
      {open ? <RoleForm key={role?.id ?? 'new'} role={role} held={held} onDone={onClose} /> : null}
    </Dialog>
  );
}

function RoleForm({ role, held, onDone }: { role: Role | null; held: readonly Permission[]; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const catalog = useQuery(trpc.roles.catalog.queryOptions());
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [permissions, setPermissions] = useState<Permission[]>(role?.permissions ?? []);

  const onSuccess = (saved: Role) => {
    void qc.invalidateQueries({ queryKey: trpc.roles.list.queryKey() });
    // Users' role badges show role names.
    void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    toast.success(role ? `Saved role ${saved.name}.` : `Created role ${saved.name}.`);
    onDone();
  };
  const create = useMutation(trpc.roles.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.roles.update.mutationOptions({ onSuccess }));
  const mutation = role ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, mutation.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!role) {
      create.mutate({ name, description, permissions });
      return;
    }
    const before = new Set(role.permissions);
    const permissionsChanged = permissions.length !== before.size || permissions.some((p) => !before.has(p));
    update.mutate({
      id: role.id,
      ...(name.trim() !== role.name ? { name } : {}),
      ...(description.trim() !== role.description ? { description } : {}),
      ...(permissionsChanged ? { permissions } : {}),
    });
  }

  const nameError = fieldError(mutation.error, 'name');
  const descriptionError = fieldError(mutation.error, 'description');
  const permissionsError = fieldError(mutation.error, 'permissions');
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id={`${id}-name`} label="Name" error={nameError}>
        <Input
          id={`${id}-name`}
          autoComplete="off"
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(nameError)}
          aria-describedby={describedBy(`${id}-name`, { error: nameError })}
          required
        />
      </Field>
      <Field id={`${id}-description`} label="Description (optional)" error={descriptionError}>
        <Textarea
          id={`${id}-description`}
          rows={2}
          maxLength={500}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={Boolean(descriptionError)}
          aria-describedby={describedBy(`${id}-description`, { error: descriptionError })}
        />
      </Field>
      <PermissionCheckboxes
        legend="Permissions"
        catalog={catalog.data}
        loading={catalog.isPending}
        held={held}
        value={permissions}
        onChange={setPermissions}
        error={permissionsError}
      />
      {catalog.isError ? <Alert>Could not load the permissions: {formErrorText(catalog.error, [])}</Alert> : null}
      <Alert>{formErrorText(mutation.error, ['name', 'description', 'permissions'])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={mutation.isPending}>
          {role ? (update.isPending ? 'Saving…' : 'Save role') : create.isPending ? 'Creating role…' : 'Create role'}
        </Button>
      </DialogActions>
    </form>
  );
}
