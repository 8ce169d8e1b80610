'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Checkbox } from '@/components/ui/Checkbox';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { describedBy, Field } from '@/components/ui/Field';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import { useFocusFirstInvalid } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { formatNumber } from '@/lib/format';
import { useInvalidateRuns } from './RunDialogs';

const muted = 'text-xs text-slate-500 dark:text-slate-400';

/** Most datasets the select offers; a tenant with more types the dataset's page address instead. */
const DATASET_CHOICES = 100;

/**
 * Starts a run: which dataset, an optional name people recognise it by, and optionally which
 * collections to search (all the starter can read otherwise). Opens the run's page once started.
 */
export function RunCreateDialog({
  slug,
  open,
  onOpenChange,
  initialDatasetId = '',
  canReadCollections,
}: {
  slug: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  initialDatasetId?: string;
  canReadCollections: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const invalidate = useInvalidateRuns();
  const form = useRef<HTMLFormElement>(null);
  const [datasetId, setDatasetId] = useState(initialDatasetId);
  const [name, setName] = useState('');
  const [collectionIds, setCollectionIds] = useState<string[]>([]);
  const [judge, setJudge] = useState(false);
  const options = useQuery({ ...trpc.evaluations.options.queryOptions(), enabled: open });
  const judgeAvailable = options.data?.judgeAvailable === true;
  const datasets = useQuery({ ...trpc.evalDatasets.list.queryOptions({ page: 1, pageSize: DATASET_CHOICES }), enabled: open });
  const collections = useQuery({ ...trpc.collections.list.queryOptions(), enabled: open && canReadCollections });
  const create = useMutation(
    trpc.evaluations.create.mutationOptions({
      onSuccess: async (run) => {
        toast.success('The run has started.');
        await invalidate();
        create.reset();
        setName('');
        setCollectionIds([]);
        onOpenChange(false);
        router.push(`/t/${slug}/evaluations/runs/${run.id}`);
      },
    }),
  );
  useFocusFirstInvalid(form, create.error);

  const reset = () => {
    create.reset();
    setName('');
    setCollectionIds([]);
    setJudge(false);
    setDatasetId(initialDatasetId);
  };
  const close = () => {
    if (create.isPending) return;
    reset();
    onOpenChange(false);
  };
  const chosen = datasets.data?.items.find((d) => d.id === datasetId);
  const datasetError = fieldError(create.error, 'datasetId');
  const nameError = fieldError(create.error, 'name');
  const noDatasets = datasets.data?.items.length === 0;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) onOpenChange(true);
        else close();
      }}
      title="New run"
      description="Every case of the dataset is answered the way the chat answers, as you, with the workspace’s current model and retrieval settings; then each answer is scored."
    >
      {noDatasets ? (
        <div className="space-y-4">
          <p className="text-sm">
            There is no dataset yet. A run needs questions to ask:{' '}
            <Link href={`/t/${slug}/evaluations/datasets`} className="font-medium text-indigo-700 underline dark:text-indigo-300">
              create a dataset
            </Link>{' '}
            first.
          </p>
          <DialogActions>
            <Button variant="secondary" onClick={close}>
              Close
            </Button>
          </DialogActions>
        </div>
      ) : (
        <form
          ref={form}
          noValidate
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!datasetId) return;
            create.mutate({ datasetId, name: name.trim() || null, collectionIds, judge: judge && judgeAvailable });
          }}
        >
          <Field
            id="run-dataset"
            label="Dataset"
            hint={chosen ? `Version ${formatNumber(chosen.version)}, ${formatNumber(chosen.caseCount)} cases` : undefined}
            error={datasetError ?? (datasets.error ? `The datasets could not be loaded: ${errorMessage(datasets.error)}` : null)}
          >
            <Select
              id="run-dataset"
              required
              value={datasetId}
              onChange={(e) => setDatasetId(e.target.value)}
              aria-invalid={datasetError ? true : undefined}
              aria-describedby={describedBy('run-dataset', { hint: Boolean(chosen), error: datasetError })}
              disabled={datasets.isPending}
            >
              <option value="">{datasets.isPending ? 'Loading datasets…' : 'Choose a dataset'}</option>
              {datasets.data?.items.map((d) => (
                <option key={d.id} value={d.id} disabled={d.caseCount === 0}>
                  {d.name} ({formatNumber(d.caseCount)} {d.caseCount === 1 ? 'case' : 'cases'})
                </option>
              ))}
            </Select>
          </Field>
          <Field id="run-name" label="Name (optional)" hint="What changed, so the run is easy to recognise: “top k 10”." error={nameError}>
            <Input
              id="run-name"
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={describedBy('run-name', { hint: true, error: nameError })}
            />
          </Field>
          {canReadCollections ? (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-700 dark:text-slate-200">Collections (optional)</legend>
              <p className={muted}>Search only these. None chosen: every collection you can read.</p>
              {collections.error ? <Alert>The collections could not be loaded: {errorMessage(collections.error)}</Alert> : null}
              {collections.data && collections.data.length > 0 ? (
                <ul className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2 dark:border-slate-700">
                  {collections.data.map((c) => (
                    <li key={c.id}>
                      <label className="flex items-start gap-2 text-sm">
                        <Checkbox
                          checked={collectionIds.includes(c.id)}
                          onChange={(e) => setCollectionIds((ids) => (e.target.checked ? [...ids, c.id] : ids.filter((id) => id !== c.id)))}
                        />
                        <span className="min-w-0 break-words">
                          {c.name}{' '}
                          <span className={muted}>
                            ({formatNumber(c.documentCount)} {c.documentCount === 1 ? 'document' : 'documents'})
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              ) : collections.isPending ? (
                <p className={muted}>Loading collections…</p>
              ) : null}
            </fieldset>
          ) : null}
          <div className="space-y-1">
            <label className="flex items-start gap-2 text-sm">
              <Checkbox
                checked={judge && judgeAvailable}
                disabled={!judgeAvailable}
                onChange={(e) => setJudge(e.target.checked)}
                aria-describedby="run-judge-hint"
              />
              <span>Also have the model judge each answer (claim faithfulness, answer relevance)</span>
            </label>
            <p id="run-judge-hint" className={`pl-6 ${muted}`}>
              {options.isPending
                ? 'Checking the workspace’s model…'
                : judgeAvailable
                  ? `Asks ${options.data!.model} (${options.data!.provider}) once more per case: more tokens and cost. Labelled model-judged, kept apart from the other figures.`
                  : 'Needs a model provider: the built-in extractive model cannot judge. Set one in Settings.'}
            </p>
          </div>
          {create.isError ? <Alert>{formErrorText(create.error, ['datasetId', 'name'])}</Alert> : null}
          <DialogActions>
            <Button variant="secondary" onClick={close} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending || !datasetId}>
              {create.isPending ? 'Starting…' : 'Start run'}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
