'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { formatNumber } from '@/lib/format';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { errorMessage } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { checkImportFile } from './import-file';

type Picked = { name: string; format: 'csv' | 'jsonl'; content: string };

/** The server's refusal, with each "Row N: …" on a line of its own so a long list stays readable. */
function ImportError({ message }: { message: string }) {
  const [lead, ...rows] = message.split(/ (?=Row \d+: |And \d+ more\.$)/);
  return (
    <Alert>
      {lead}
      {rows.length > 0 ? (
        <span className="mt-1 block">
          {rows.map((row) => (
            <span key={row} className="block">
              {row}
            </span>
          ))}
        </span>
      ) : null}
    </Alert>
  );
}

/**
 * Appends the cases of a CSV or JSONL file. The server imports every row or none and names the
 * rows that are wrong, so the person can fix the file and try again.
 */
export function ImportDialog({ datasetId, open, onClose }: { datasetId: string; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const run = useMutation(
    trpc.evalDatasets.import.mutationOptions({
      onSuccess: async ({ imported, version }) => {
        await qc.invalidateQueries({ queryKey: trpc.evalDatasets.pathKey() });
        toast.success(`Imported ${formatNumber(imported)} ${imported === 1 ? 'case' : 'cases'}. The dataset is now v${version}.`);
        close();
      },
    }),
  );

  function close() {
    setPicked(null);
    setFileError(null);
    run.reset();
    onClose();
  }

  async function onFile(file: File | undefined) {
    setPicked(null);
    setFileError(null);
    run.reset();
    if (!file) return;
    const checked = checkImportFile(file);
    if ('error' in checked) {
      setFileError(checked.error);
      return;
    }
    const { format } = checked;
    setReading(true);
    try {
      setPicked({ name: file.name, format, content: await file.text() });
    } catch {
      setFileError(`${file.name} could not be read. Choose it again.`);
    } finally {
      setReading(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!picked) {
      setFileError(fileError ?? 'Choose a .csv or .jsonl file first.');
      return;
    }
    run.mutate({ datasetId, format: picked.format, content: picked.content });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) close();
      }}
      title="Import cases"
      description="Adds every case of the file to this dataset, or none if a row is wrong. At most 1 MB and 2,000 cases per file."
      wide
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="eval-import-file" label="CSV or JSONL file" error={fileError}>
          <input
            id="eval-import-file"
            type="file"
            accept=".csv,.jsonl,text/csv,application/jsonl"
            onChange={(e) => void onFile(e.target.files?.[0])}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={describedBy('eval-import-file', { error: fileError }) ?? 'eval-import-formats'}
            className="block w-full text-sm text-slate-700 file:mr-3 file:min-h-10 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-4 file:py-2 file:text-sm file:font-medium file:text-slate-900 hover:file:bg-slate-100 dark:text-slate-300 dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
          />
        </Field>
        <div
          id="eval-import-formats"
          className="space-y-2 rounded-md bg-slate-50 p-3 text-xs text-slate-600 dark:bg-slate-800/60 dark:text-slate-300"
        >
          <p>
            <span className="font-semibold">CSV:</span> a header row with the columns <code>question</code> (required),{' '}
            <code>expected_answer</code>, <code>key_facts</code> (one fact per line in the cell) and <code>documents</code> (one document id
            per line, <code>id:3,5</code> for pages).
          </p>
          <p>
            <span className="font-semibold">JSONL:</span> one case per line, e.g.{' '}
            <code className="break-all">
              {'{"question": "…", "expectedAnswer": "…", "keyFacts": ["…"], "documents": [{"documentId": "…", "pages": [3]}]}'}
            </code>
          </p>
          <p>An export of a dataset can be imported as it is.</p>
        </div>
        {picked ? (
          <p className="text-sm text-slate-700 dark:text-slate-300" role="status">
            Ready to import {picked.name} ({picked.format.toUpperCase()}).
          </p>
        ) : null}
        {run.isError ? <ImportError message={errorMessage(run.error)} /> : null}
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={run.isPending || reading}>
            {run.isPending ? 'Importing…' : 'Import'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
