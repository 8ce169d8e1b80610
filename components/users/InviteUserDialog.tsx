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
import { IssuedLinkView } from './IssuedLinkView';
import { RoleCheckboxes } from './RoleCheckboxes';
import type { SentLink } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { useFocusFirstInvalid } from '@/components/ui/hooks';

type Mode = 'invite' | 'password';

export function InviteUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Invite user" wide>
      {open ? <InviteUserForm onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function InviteUserForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const roles = useQuery(trpc.roles.list.queryOptions());
  const [mode, setMode] = useState<Mode>('invite');
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [invitation, setInvitation] = useState<SentLink | null>(null);

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
      qc.invalidateQueries({ queryKey: trpc.roles.list.queryKey() }),
    ]);
  const invite = useMutation(
    trpc.users.invite.mutationOptions({
      onSuccess: (result) => {
        void refresh();
        setInvitation(result.invitation);
      },
    }),
  );
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (user) => {
        void refresh();
        toast.success(`${user.email} was added and can sign in now.`);
        onDone();
      },
    }),
  );
  const mutation = mode === 'invite' ? invite : create;
  const error = mutation.error;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);

  if (invitation) {
    return (
      <div className="space-y-4">
        <IssuedLinkView what="invitation" label="Invitation link" link={invitation} />
        <DialogActions>
          <Button onClick={onDone}>Done</Button>
        </DialogActions>
      </div>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mode === 'invite') invite.mutate({ email, fullName, roleIds });
    else create.mutate({ email, fullName, password, roleIds });
  }

  const emailError = fieldError(error, 'email');
  const nameError = fieldError(error, 'fullName');
  const passwordError = fieldError(error, 'password');
  const rolesError = fieldError(error, 'roleIds');
  const formError = formErrorText(error, ['email', 'fullName', 'password', 'roleIds']);

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-200">How to add them</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {(
            [
              ['invite', 'Send an invitation', 'We e-mail them a one-time link to choose their own password.'],
              ['password', 'Create with password', 'You set a password and share it with them.'],
            ] as const
          ).map(([value, label, hint]) => (
            <label
              key={value}
              className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50 dark:border-slate-700 dark:has-[:checked]:border-indigo-400 dark:has-[:checked]:bg-indigo-950"
            >
              <input
                type="radio"
                name={`${id}-mode`}
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
                aria-labelledby={`${id}-${value}-label`}
                aria-describedby={`${id}-${value}-hint`}
                className="mt-0.5 accent-indigo-600"
              />
              <span>
                <span id={`${id}-${value}-label`} className="block font-medium">
                  {label}
                </span>
                <span id={`${id}-${value}-hint`} className="block text-xs text-slate-500 dark:text-slate-400">
                  {hint}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field id={`${id}-email`} label="Email" error={emailError}>
        <Input
          id={`${id}-email`}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={Boolean(emailError)}
          aria-describedby={describedBy(`${id}-email`, { error: emailError })}
          required
        />
      </Field>
      <Field id={`${id}-name`} label={mode === 'invite' ? 'Name (optional)' : 'Name'} error={nameError}>
        <Input
          id={`${id}-name`}
          autoComplete="off"
          value={fullName}
          onChange={(e) => setFullName(e.target.value)}
          aria-invalid={Boolean(nameError)}
          aria-describedby={describedBy(`${id}-name`, { error: nameError })}
          required={mode === 'password'}
        />
      </Field>
      {mode === 'password' ? (
        <Field id={`${id}-password`} label="Password" hint="At least 10 characters." error={passwordError}>
          <Input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={Boolean(passwordError)}
            aria-describedby={describedBy(`${id}-password`, { hint: true, error: passwordError })}
            minLength={10}
            required
          />
        </Field>
      ) : null}
      <RoleCheckboxes roles={roles.data} loading={roles.isPending} value={roleIds} onChange={setRoleIds} error={rolesError} />
      {roles.isError ? <Alert>Could not load the roles: {formErrorText(roles.error, [])}</Alert> : null}
      <Alert>{formError}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={mutation.isPending}>
          {mode === 'invite'
            ? invite.isPending
              ? 'Sending invitation…'
              : 'Send invitation'
            : create.isPending
              ? 'Creating user…'
              : 'Create user'}
        </Button>
      </DialogActions>
    </form>
  );
}
