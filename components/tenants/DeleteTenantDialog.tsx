'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { useReturnFocus } from '@/components/ui/hooks';
import type { TenantDetail } from './tenant-helpers';

/** Deletion, confirmed by typing the tenant's slug. */
export function DeleteTenantDialog({ tenant }: { tenant: TenantDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const returnFocus = useReturnFocus(open);
  const remove = useMutation(
    trpc.tenants.delete.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.tenants.get.queryKey({ id: tenant.id }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.tenants.list.queryKey() });
        setOpen(false);
      },
    }),
  );
  const matches = typed.trim() === tenant.slug;

  function openChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setTyped('');
      remove.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (matches) remove.mutate({ id: tenant.id, confirmSlug: typed.trim() });
  }

  return (
    <>
      <Button
        variant="danger"
        className="mt-4"
        onClick={(e) => {
          returnFocus(e.currentTarget);
          setOpen(true);
        }}
      >
        Delete tenant
      </Button>
      <Dialog
        open={open}
        onOpenChange={openChange}
        title={`Delete ${tenant.name}?`}
        description="The workspace stops working at once. Its users, documents, files, chats and audit history are then purged. This cannot be undone."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field id="confirm-slug" label={`Type ${tenant.slug} to confirm`} error={remove.error ? errorMessage(remove.error) : null}>
            <Input
              id="confirm-slug"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className="font-mono"
              aria-invalid={remove.error ? true : undefined}
              aria-describedby={remove.error ? 'confirm-slug-error' : undefined}
            />
          </Field>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => openChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={!matches || remove.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete this tenant'}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
