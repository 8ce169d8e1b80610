'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { formatBytes, formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import type { CollectionRow } from './types';
import { DialogActions } from '@/components/ui/DialogActions';

function documentsPhrase(n: number) {
  return `${formatNumber(n)} ${n === 1 ? 'document' : 'documents'}`;
}

/** Deletes a collection with every document in it, once its name is typed. `onClose(true)` after a deletion. */
export function DeleteCollectionDialog({
  collection,
  seesRestricted,
  onClose,
}: {
  collection: CollectionRow | null;
  /** Whether the counts include restricted documents (members who manage users see them all); others cannot delete what they cannot see. */
  seesRestricted: boolean;
  onClose: (deleted?: boolean) => void;
}) {
  return (
    <Dialog
      open={collection !== null}
      onOpenChange={(open) => !open && onClose()}
      title={collection ? `Delete collection ${collection.name}?` : 'Delete collection'}
    >
      {collection ? (
        <DeleteCollection key={collection.id} collection={collection} seesRestricted={seesRestricted} onDone={onClose} />
      ) : null}
    </Dialog>
  );
}

function DeleteCollection({
  collection,
  seesRestricted,
  onDone,
}: {
  collection: CollectionRow;
  seesRestricted: boolean;
  onDone: (deleted?: boolean) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [typed, setTyped] = useState('');
  const remove = useMutation(
    trpc.collections.delete.mutationOptions({
      onSuccess: (result) => {
        // Gone from the list at once, not after the refetch.
        qc.setQueryData(trpc.collections.list.queryKey(), (rows) => rows?.filter((row) => row.id !== result.id));
        void qc.invalidateQueries({ queryKey: trpc.collections.list.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.documents.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.jobs.pathKey() });
        toast.success(
          result.documents === 0
            ? `Deleted collection ${collection.name}.`
            : `Deleted collection ${collection.name} and its ${documentsPhrase(result.documents)}.`,
        );
        onDone(true);
      },
    }),
  );
  const matches = typed.trim() === collection.name;
  const mismatch =
    typed.trim() === '' || matches
      ? null
      : typed.trim().toLowerCase() === collection.name.toLowerCase()
        ? 'Almost: type the name with the same capital letters.'
        : 'That is not the name yet.';
  const n = collection.documentCount;
  const error = remove.error ? errorMessage(remove.error) : null;
  const inputId = `${id}-confirm`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (matches) remove.mutate({ id: collection.id, confirmName: typed.trim() });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div id={`${id}-consequence`} className="space-y-2 text-sm text-slate-700 dark:text-slate-300">
        {n === 0 ? (
          <p>
            {seesRestricted
              ? 'The collection is empty: no documents will be deleted.'
              : 'You see no documents in it. If it holds restricted documents you cannot see, it is not deleted: their owners or an admin must remove them first.'}
          </p>
        ) : (
          <p className="rounded-md bg-red-50 p-3 text-red-800 dark:bg-red-950 dark:text-red-200">
            <strong className="font-semibold">{documentsPhrase(n)}</strong> ({formatBytes(collection.storageBytes)}) will be deleted with
            it: their files, their text for search and chat, and their processing jobs.
          </p>
        )}
        {seesRestricted || n === 0 ? null : (
          <p>
            If it also holds restricted documents you cannot see or may only read, it is not deleted: their owners or an admin must remove
            them first.
          </p>
        )}
        <p>This cannot be undone.</p>
      </div>
      <Field id={inputId} label={`Type “${collection.name}” to confirm`} hint={mismatch ? mismatch : undefined} error={error}>
        <Input
          id={inputId}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            if (remove.error) remove.reset();
          }}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : mismatch ? `${inputId}-hint` : `${id}-consequence`}
        />
      </Field>
      <DialogActions>
        <Button variant="secondary" onClick={() => onDone()}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" className="disabled:opacity-60" disabled={!matches || remove.isPending}>
          {remove.isPending ? 'Deleting…' : n === 0 ? 'Delete collection' : `Delete collection and ${documentsPhrase(n)}`}
        </Button>
      </DialogActions>
    </form>
  );
}
