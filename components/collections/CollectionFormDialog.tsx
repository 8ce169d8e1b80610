'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { accessAllows } from '@/lib/access';
import { VISIBILITY_HINTS, VISIBILITY_LABELS } from './labels';
import type { CollectionRow, Visibility } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { Textarea } from '@/components/ui/Textarea';
import { useFocusFirstInvalid } from '@/components/ui/hooks';

const VISIBILITY_OPTIONS: Visibility[] = ['tenant', 'restricted'];

export type SavedCollection = Pick<CollectionRow, 'id' | 'name' | 'description' | 'visibility' | 'createdAt'>;

/** Creates a collection (`collection` null) or edits one: name, description and who can see it. */
export function CollectionFormDialog({
  open,
  collection,
  onClose,
  onManageAccess,
}: {
  open: boolean;
  collection: CollectionRow | null;
  onClose: () => void;
  /** Offered after creating a restricted collection, to go on to choose who may see it. */
  onManageAccess?: (created: SavedCollection) => void;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && onClose()}
      title={collection ? `Edit collection ${collection.name}` : 'New collection'}
      description={collection ? undefined : 'A collection groups documents, and decides who can see them.'}
      wide
    >
      {open ? (
        <CollectionForm key={collection?.id ?? 'new'} collection={collection} onDone={onClose} onManageAccess={onManageAccess} />
      ) : null}
    </Dialog>
  );
}

function CollectionForm({
  collection,
  onDone,
  onManageAccess,
}: {
  collection: CollectionRow | null;
  onDone: () => void;
  onManageAccess?: (created: SavedCollection) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [name, setName] = useState(collection?.name ?? '');
  const [description, setDescription] = useState(collection?.description ?? '');
  const [visibility, setVisibility] = useState<Visibility>(collection?.visibility ?? 'tenant');

  const onSuccess = (saved: SavedCollection) => {
    void qc.invalidateQueries({ queryKey: trpc.collections.list.queryKey() });
    // Document lists show collection names and hide what the viewer may no longer see.
    void qc.invalidateQueries({ queryKey: trpc.documents.pathKey() });
    if (collection) toast.success(`Saved collection ${saved.name}.`);
    else if (saved.visibility === 'restricted' && onManageAccess) {
      toast.success(`Created collection ${saved.name}. Only admins and you can see it so far.`, {
        action: { label: 'Manage access', onClick: () => onManageAccess(saved) },
      });
    } else toast.success(`Created collection ${saved.name}.`);
    onDone();
  };
  const create = useMutation(trpc.collections.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.collections.update.mutationOptions({ onSuccess }));
  const mutation = collection ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, mutation.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!collection) {
      create.mutate({ name, description, visibility });
      return;
    }
    const changes = {
      ...(name.trim() !== collection.name ? { name } : {}),
      ...(description.trim() !== collection.description ? { description } : {}),
      ...(visibility !== collection.visibility ? { visibility } : {}),
    };
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate({ id: collection.id, ...changes });
  }

  const nameError = fieldError(mutation.error, 'name');
  const descriptionError = fieldError(mutation.error, 'description');
  const visibilityError = fieldError(mutation.error, 'visibility');
  const opening = collection?.visibility === 'restricted' && visibility === 'tenant';
  const closing = visibility === 'restricted' && collection?.visibility !== 'restricted';
  // Who can see it is decided by its creator, admins of it and user managers (the creator of a new one).
  const canShare = !collection || accessAllows({ restricted: collection.visibility === 'restricted', level: collection.myLevel }, 'share');

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id={`${id}-name`} label="Name" error={nameError}>
        <Input
          id={`${id}-name`}
          autoComplete="off"
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={Boolean(nameError)}
          aria-describedby={describedBy(`${id}-name`, { error: nameError })}
          required
        />
      </Field>
      <Field
        id={`${id}-description`}
        label="Description (optional)"
        hint="What belongs in it, for the people choosing where to upload."
        error={descriptionError}
      >
        <Textarea
          id={`${id}-description`}
          rows={3}
          maxLength={1000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={Boolean(descriptionError)}
          aria-describedby={describedBy(`${id}-description`, { hint: true, error: descriptionError })}
        />
      </Field>
      <fieldset
        disabled={!canShare}
        aria-describedby={
          [visibilityError ? `${id}-visibility-error` : '', canShare ? '' : `${id}-visibility-locked`].join(' ').trim() || undefined
        }
      >
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-200">Who can see it</legend>
        <div className="mt-2 space-y-2">
          {VISIBILITY_OPTIONS.map((option) => {
            const optionId = `${id}-visibility-${option}`;
            const checked = visibility === option;
            return (
              <label
                key={option}
                htmlFor={optionId}
                className={`flex items-start gap-3 rounded-md border p-3 ${canShare ? 'cursor-pointer' : 'cursor-not-allowed opacity-60'} ${
                  checked
                    ? 'border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950/40'
                    : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800/50'
                }`}
              >
                <input
                  id={optionId}
                  type="radio"
                  name={`${id}-visibility`}
                  value={option}
                  checked={checked}
                  onChange={() => setVisibility(option)}
                  aria-describedby={`${optionId}-hint`}
                  className="mt-0.5 h-4 w-4 shrink-0 accent-indigo-600"
                />
                <span>
                  <span className="block text-sm font-medium">{VISIBILITY_LABELS[option]}</span>
                  <span id={`${optionId}-hint`} className="block text-xs text-slate-600 dark:text-slate-400">
                    {VISIBILITY_HINTS[option]}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {canShare ? null : (
          <p id={`${id}-visibility-locked`} className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Only its creator, people with admin access to it and admins who manage users can change who can see it.
          </p>
        )}
        {visibilityError ? (
          <p id={`${id}-visibility-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
            {visibilityError}
          </p>
        ) : null}
        {opening ? (
          <p className="mt-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            Everyone in the workspace will see this collection and its documents, except documents that are restricted themselves. The
            people you granted access keep it.
          </p>
        ) : null}
        {closing ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Once it is saved, use “Manage access” to choose who else can see it, and whether they may only read it, change it or manage it.
          </p>
        ) : null}
      </fieldset>
      <Alert>{formErrorText(mutation.error, ['name', 'description', 'visibility'])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={() => onDone()}>
          Cancel
        </Button>
        <Button type="submit" disabled={mutation.isPending}>
          {collection ? (update.isPending ? 'Saving…' : 'Save changes') : create.isPending ? 'Creating…' : 'Create collection'}
        </Button>
      </DialogActions>
    </form>
  );
}
