'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { PermissionCheckboxes } from '@/components/roles/PermissionCheckboxes';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { CopyField } from '@/components/ui/CopyField';
import { Dialog } from '@/components/ui/Dialog';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { formatDateTime } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import type { ApiKeyRow, Permission } from '@/components/users/types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { useFocusFirstInvalid } from '@/components/ui/hooks';

const EXPIRY_OPTIONS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '365 days' },
  { value: 'never', label: 'Never (not recommended)' },
] as const;
const DEFAULT_EXPIRY = '90';

export function CreateApiKeyDialog({
  open,
  onOpenChange,
  held,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  held: readonly Permission[];
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Create API key" wide>
      {open ? <CreateApiKeyForm held={held} onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function CreateApiKeyForm({ held, onDone }: { held: readonly Permission[]; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const catalog = useQuery(trpc.roles.catalog.queryOptions());
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>([]);
  const [expiry, setExpiry] = useState<(typeof EXPIRY_OPTIONS)[number]['value']>(DEFAULT_EXPIRY);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }),
    }),
  );

  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, create.error);

  if (create.data) return <CreatedKey apiKey={create.data.apiKey} secret={create.data.key} onDone={onDone} />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name, scopes, expiresInDays: expiry === 'never' ? 'never' : Number(expiry) });
  }

  const nameError = fieldError(create.error, 'name');
  const scopesError = fieldError(create.error, 'scopes');
  const expiryError = fieldError(create.error, 'expiresInDays');
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id={`${id}-name`} label="Name" hint="What uses the key, e.g. “Nightly import”." error={nameError}>
        <Input
          id={`${id}-name`}
          autoComplete="off"
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(nameError)}
          aria-describedby={describedBy(`${id}-name`, { hint: true, error: nameError })}
          required
        />
      </Field>
      <PermissionCheckboxes
        legend="Scopes"
        catalog={catalog.data}
        loading={catalog.isPending}
        held={held}
        value={scopes}
        onChange={setScopes}
        error={scopesError}
      />
      {catalog.isError ? <Alert>Could not load the permissions: {formErrorText(catalog.error, [])}</Alert> : null}
      <Field
        id={`${id}-expiry`}
        label="Expires after"
        hint={
          expiry === 'never'
            ? 'This key will work until someone revokes it. Prefer an expiry and create a new key when it ends.'
            : 'Create a new key before this one expires.'
        }
        error={expiryError}
      >
        <Select
          id={`${id}-expiry`}
          value={expiry}
          onChange={(e) => setExpiry(e.target.value as typeof expiry)}
          aria-invalid={Boolean(expiryError)}
          aria-describedby={describedBy(`${id}-expiry`, { hint: true, error: expiryError })}
          className="sm:max-w-60"
        >
          {EXPIRY_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <Alert>{formErrorText(create.error, ['name', 'scopes', 'expiresInDays'])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating key…' : 'Create key'}
        </Button>
      </DialogActions>
    </form>
  );
}

function CreatedKey({ apiKey, secret, onDone }: { apiKey: ApiKeyRow; secret: string; onDone: () => void }) {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <div className="space-y-4">
      <p role="status" className="rounded-md bg-amber-50 p-3 text-sm font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-100">
        Copy this key now. It will not be shown again.
      </p>
      <CopyField
        label="API key"
        value={secret}
        hint={`${apiKey.name} · ${apiKey.expiresAt ? `expires ${formatDateTime(apiKey.expiresAt)}` : 'never expires: revoke it when it is no longer needed'}`}
      />
      <CopyField
        label="Example request"
        value={`curl -H "Authorization: Bearer ${secret}" ${origin}/api/trpc/session.get`}
        hint="Answers with the key’s name, workspace and scopes."
      />
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Every operation of the REST API, with examples to copy, is in the{' '}
        <a className="underline" href="/docs/api" target="_blank" rel="noopener">
          API reference
        </a>
        .
      </p>
      <DialogActions>
        <Button onClick={onDone}>Done</Button>
      </DialogActions>
    </div>
  );
}
