'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { useFocusFirstInvalid } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { Textarea } from '@/components/ui/Textarea';
import type { DatasetRow } from './types';

type Editing = Pick<DatasetRow, 'id' | 'name' | 'description'>;

/** Creates a dataset, or renames one and edits its description (`dataset`). */
export function DatasetFormDialog({
  open,
  onOpenChange,
  dataset,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  dataset?: Editing | null;
  onSaved?: (saved: DatasetRow) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(dataset?.name ?? '');
  const [description, setDescription] = useState(dataset?.description ?? '');
  const [shownFor, setShownFor] = useState<{ open: boolean; id: string | undefined }>({ open, id: dataset?.id });
  if (shownFor.open !== open || shownFor.id !== dataset?.id) {
    // Each opening starts from the dataset as it is now (or empty for a new one).
    setShownFor({ open, id: dataset?.id });
    if (open) {
      setName(dataset?.name ?? '');
      setDescription(dataset?.description ?? '');
    }
  }
  const onSuccess = async (saved: DatasetRow) => {
    await qc.invalidateQueries({ queryKey: trpc.evalDatasets.pathKey() });
    onSaved?.(saved);
    close(false);
  };
  const create = useMutation(trpc.evalDatasets.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.evalDatasets.update.mutationOptions({ onSuccess }));
  const save = dataset ? update : create;
  const err = save.error;
  useFocusFirstInvalid(form, err);

  function close(next: boolean) {
    onOpenChange(next);
    if (!next) {
      create.reset();
      update.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (dataset) update.mutate({ id: dataset.id, name, description });
    else create.mutate({ name, description });
  }

  // A duplicate name is refused as a conflict, not a field error, but it is about the name.
  const duplicate = (err as { data?: { code?: string } } | null)?.data?.code === 'CONFLICT';
  const nameError = fieldError(err, 'name') ?? (duplicate ? errorMessage(err) : null);
  const descriptionError = fieldError(err, 'description');
  const formError = duplicate ? null : formErrorText(err, ['name', 'description']);

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={dataset ? 'Edit dataset' : 'New dataset'}
      description={
        dataset
          ? 'Renaming changes no case, so the version stays.'
          : 'A set of questions with reference answers, key facts and the documents that hold the answer.'
      }
    >
      <form ref={form} onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="eval-dataset-name" label="Name" error={nameError}>
          <Input
            id="eval-dataset-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            autoComplete="off"
            required
            aria-invalid={nameError ? true : undefined}
            aria-describedby={describedBy('eval-dataset-name', { error: nameError })}
          />
        </Field>
        <Field
          id="eval-dataset-description"
          label="Description (optional)"
          hint="What the questions cover and who wrote them."
          error={descriptionError}
        >
          <Textarea
            id="eval-dataset-description"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={2000}
            aria-invalid={descriptionError ? true : undefined}
            aria-describedby={describedBy('eval-dataset-description', { hint: true, error: descriptionError })}
          />
        </Field>
        {formError && !nameError && !descriptionError ? <Alert>{formError}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={() => close(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : dataset ? 'Save' : 'Create dataset'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
