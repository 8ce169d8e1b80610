'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { errorMessage, fieldError } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { useDebounced } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { evaluationsPath } from './tabs';

const NEW = 'new';
const PICK_SIZE = 100;

export type AddedToDataset = { datasetId: string; name: string; version: number };

/** "Added to <dataset> (v4)", linking to the dataset. */
export function AddedMessage({ slug, added }: { slug: string; added: AddedToDataset }) {
  return (
    <>
      Added to{' '}
      <Link
        href={`${evaluationsPath(slug, 'datasets')}/${added.datasetId}`}
        className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
      >
        {added.name}
      </Link>{' '}
      (v{added.version})
    </>
  );
}

/**
 * Turns one of the caller's thumbs-down answers into a case of a dataset they pick, or of a new
 * one they name here. The question is the message before the answer; the wrong answer is kept
 * with the case for context.
 */
export function AddToDatasetDialog({
  slug,
  messageId,
  open,
  onClose,
  onAdded,
  alreadyIn = [],
}: {
  slug: string;
  messageId: string | null;
  /** Datasets that already hold a case made from this answer, to avoid adding it twice. */
  alreadyIn?: ReadonlyArray<{ id: string; name: string }>;
  open: boolean;
  onClose: () => void;
  onAdded?: (added: AddedToDataset) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [search, setSearch] = useState('');
  const [choice, setChoice] = useState('');
  const [newName, setNewName] = useState('');
  const [pickError, setPickError] = useState<string | null>(null);
  const [added, setAdded] = useState<AddedToDataset | null>(null);
  const [created, setCreated] = useState<{ id: string; name: string; version: number } | null>(null);
  const debounced = useDebounced(search.trim(), 250);
  const datasets = useQuery({
    ...trpc.evalDatasets.list.queryOptions({ page: 1, pageSize: PICK_SIZE, search: debounced || undefined }),
    enabled: open,
  });
  const many = (datasets.data?.total ?? 0) > PICK_SIZE || Boolean(debounced);
  const items = datasets.data?.items ?? [];
  // Until the person chooses, the first dataset (or a new one, when there is none) is selected.
  const selected = choice || (datasets.data ? (items[0]?.id ?? NEW) : '');

  const create = useMutation(trpc.evalDatasets.create.mutationOptions());
  const add = useMutation(trpc.evalDatasets.addFromFeedback.mutationOptions());
  const pending = create.isPending || add.isPending;

  function close() {
    setSearch('');
    setChoice('');
    setNewName('');
    setPickError(null);
    setAdded(null);
    setCreated(null);
    create.reset();
    add.reset();
    onClose();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!messageId) return;
    if (!selected) {
      setPickError('Choose a dataset.');
      return;
    }
    setPickError(null);
    create.reset();
    add.reset();
    try {
      const target =
        selected === NEW
          ? await create.mutateAsync({ name: newName })
          : created?.id === selected
            ? created
            : items.find((d) => d.id === selected);
      if (!target) {
        setPickError('Choose a dataset.');
        return;
      }
      if (selected === NEW) {
        // Made once: trying again after a refused add uses it rather than making another.
        setCreated(target);
        setChoice(target.id);
      }
      const { version } = await add.mutateAsync({ messageId, datasetId: target.id });
      const result = { datasetId: target.id, name: target.name, version };
      setAdded(result);
      onAdded?.(result);
      await qc.invalidateQueries({ queryKey: trpc.evalDatasets.pathKey() });
    } catch {
      // The mutations hold their errors; they are shown below.
    }
  }

  const duplicate = (create.error as { data?: { code?: string } } | null)?.data?.code === 'CONFLICT';
  const nameError = fieldError(create.error, 'name') ?? (duplicate ? errorMessage(create.error) : null);
  const otherError = add.error ?? (create.error && !nameError ? create.error : null);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) close();
      }}
      title="Add to an evaluation dataset"
      description="The question before this answer becomes a case; the answer and your comment are kept with it. Write the right answer in the case afterwards."
    >
      {added ? (
        <div className="space-y-4">
          <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
            <AddedMessage slug={slug} added={added} />.
          </p>
          <DialogActions>
            <Button onClick={close}>Done</Button>
          </DialogActions>
        </div>
      ) : (
        <form ref={form} onSubmit={onSubmit} className="space-y-4" noValidate>
          {many ? (
            <Field id="eval-add-search" label="Find a dataset">
              <Input id="eval-add-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
            </Field>
          ) : null}
          <Field id="eval-add-dataset" label="Dataset" error={pickError}>
            <Select
              id="eval-add-dataset"
              value={selected}
              disabled={!datasets.data}
              onChange={(e) => setChoice(e.target.value)}
              aria-invalid={pickError ? true : undefined}
              aria-describedby={describedBy('eval-add-dataset', { error: pickError })}
            >
              {!datasets.data ? <option value="">Loading datasets…</option> : null}
              {created && !items.some((d) => d.id === created.id) ? <option value={created.id}>{created.name}</option> : null}
              {items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} (v{d.version})
                </option>
              ))}
              {datasets.data ? <option value={NEW}>New dataset…</option> : null}
            </Select>
          </Field>
          {alreadyIn.length > 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Already a case in {alreadyIn.map((d) => d.name).join(', ')}.</p>
          ) : null}
          {datasets.error ? <Alert>The datasets could not be loaded: {errorMessage(datasets.error)}</Alert> : null}
          {selected === NEW ? (
            <Field id="eval-add-new-name" label="Name of the new dataset" error={nameError}>
              <Input
                id="eval-add-new-name"
                value={newName}
                onChange={(e) => setNewName(e.target.value)}
                maxLength={200}
                autoComplete="off"
                aria-invalid={nameError ? true : undefined}
                aria-describedby={describedBy('eval-add-new-name', { error: nameError })}
              />
            </Field>
          ) : null}
          {otherError ? <Alert>{errorMessage(otherError)}</Alert> : null}
          <DialogActions>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || !datasets.data}>
              {pending ? 'Adding…' : 'Add to dataset'}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
