'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { errorMessage, fieldError } from '@/components/ui/errors';
import { Input } from '@/components/ui/Input';

/** A workspace with no collection yet: name one here and upload into it. */
export function NewCollectionForm({ onCreated }: { onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.collections.create.mutationOptions({
      onSuccess: async (created) => {
        toast.success(`Collection ${created.name} was created.`);
        onCreated(created.id);
        await queryClient.invalidateQueries(trpc.collections.list.pathFilter());
      },
    }),
  );
  const nameError = create.isError ? (fieldError(create.error, 'name') ?? errorMessage(create.error)) : null;
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name });
      }}
    >
      <p className="text-sm text-slate-700 dark:text-slate-300">
        This workspace has no collections yet. Documents live in a collection: create one to upload into.
      </p>
      <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700 dark:text-slate-200">
        New collection name
      </label>
      <Input
        id={`${id}-name`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="e.g. Policies"
        maxLength={200}
        aria-invalid={nameError ? true : undefined}
        aria-describedby={nameError ? `${id}-name-error` : undefined}
      />
      {nameError ? (
        <p id={`${id}-name-error`} role="alert" className="text-xs text-red-700 dark:text-red-300">
          {nameError}
        </p>
      ) : null}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create collection'}
      </Button>
    </form>
  );
}
