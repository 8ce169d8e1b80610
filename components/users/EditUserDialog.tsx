'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { joinPermissions, permissionLabel } from '@/lib/permissions';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { permissionsLost } from './permissions-lost';
import { RoleCheckboxes } from './RoleCheckboxes';
import type { Permission, UserRow } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { useFocusFirstInvalid } from '@/components/ui/hooks';

export function EditUserDialog({
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
  return (
    <Dialog
      open={user !== null}
      onOpenChange={(open) => !open && onClose()}
      title={user ? (isSelf ? 'Edit your account' : `Edit ${user.fullName || user.email}`) : 'Edit user'}
      description={user?.email}
      wide
    >
      {user ? <EditUserForm key={user.id} user={user} isSelf={isSelf} slug={slug} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditUserForm({ user, isSelf, slug, onDone }: { user: UserRow; isSelf: boolean; slug: string; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const id = useId();
  const roles = useQuery(trpc.roles.list.queryOptions());
  const [fullName, setFullName] = useState(user.fullName);
  const [roleIds, setRoleIds] = useState(() => user.roles.map((r) => r.id));
  // What the member would take away from themself, once they asked to save it.
  const [losing, setLosing] = useState<Permission[] | null>(null);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (updated) => {
        const lost = losing ?? [];
        if (lost.includes('users:manage')) {
          // This page needs Manage users: a full load of the workspace lands on a section they still have.
          toast.success(`You no longer have ${joinPermissions(lost, 'and', permissionLabel)}.`);
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- intentional full load
          window.location.assign(`/t/${slug}`);
          return;
        }
        void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.roles.list.queryKey() });
        // The navigation follows the member's own permissions.
        if (lost.length > 0) router.refresh();
        toast.success(
          lost.length > 0
            ? `Saved. You no longer have ${joinPermissions(lost, 'and', permissionLabel)}.`
            : `Saved ${updated.fullName || updated.email}.`,
        );
        onDone();
      },
      onError: () => setLosing(null),
    }),
  );

  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, update.error);

  const before = new Set(user.roles.map((r) => r.id));
  const rolesChanged = roleIds.length !== before.size || roleIds.some((r) => !before.has(r));

  function save() {
    // Only what changed, so a name edit is never refused over roles the member cannot grant.
    update.mutate({
      id: user.id,
      ...(fullName.trim() !== user.fullName ? { fullName } : {}),
      ...(rolesChanged ? { roleIds } : {}),
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSelf && rolesChanged && roles.data) {
      const lost = permissionsLost(
        roles.data,
        user.roles.map((r) => r.id),
        roleIds,
      );
      if (lost.length > 0) {
        setLosing(lost);
        return;
      }
    }
    save();
  }

  if (losing) {
    return <ConfirmSelfDemotion losing={losing} pending={update.isPending} onBack={() => setLosing(null)} onConfirm={save} />;
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

/** Says what a member loses by taking roles away from themself, before anything is saved. */
function ConfirmSelfDemotion({
  losing,
  pending,
  onBack,
  onConfirm,
}: {
  losing: Permission[];
  pending: boolean;
  onBack: () => void;
  onConfirm: () => void;
}) {
  const leaves = losing.includes('users:manage');
  const back = useRef<HTMLButtonElement>(null);
  // The form's button is gone: focus the safe choice, so Enter never confirms by accident.
  useEffect(() => back.current?.focus(), []);
  return (
    <div className="space-y-4">
      <div
        role="alert"
        className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
      >
        <p className="font-semibold">You are removing permissions from your own account.</p>
        <p>You will no longer be able to:</p>
        <ul aria-label="Permissions you will lose" className="list-disc pl-5">
          {losing.map((p) => (
            <li key={p}>
              {permissionLabel(p)} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">({p})</span>
            </li>
          ))}
        </ul>
        <p>
          {leaves
            ? 'You will leave this page, which needs Manage users. Only another admin can give these permissions back.'
            : 'Only someone who holds them can give them back.'}
        </p>
      </div>
      <DialogActions>
        <Button ref={back} variant="secondary" onClick={onBack} disabled={pending}>
          Go back
        </Button>
        <Button variant="danger" onClick={onConfirm} disabled={pending}>
          {pending ? 'Saving…' : 'Remove my permissions'}
        </Button>
      </DialogActions>
    </div>
  );
}
