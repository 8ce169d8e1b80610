'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Field } from '@/components/ui/Field';
import { useDebounced } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { errorMessage } from '@/components/ui/errors';

const PICK_SIZE = 8;

/**
 * Finds a document of the workspace by name and hands it to `onPick`. Those already chosen are
 * left out of the results.
 */
export function DocumentPicker({
  id,
  chosen,
  onPick,
}: {
  id: string;
  chosen: ReadonlySet<string>;
  onPick: (doc: { id: string; filename: string }) => void;
}) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const found = useQuery(
    trpc.documents.list.queryOptions({ search: debounced || undefined, sort: 'name', dir: 'asc', page: 1, pageSize: PICK_SIZE }),
  );
  const items = (found.data?.items ?? []).filter((d) => !chosen.has(d.id));
  return (
    <div className="space-y-2">
      <Field id={id} label="Find a document" hint="Type part of its file name, then choose it below.">
        <Input
          id={id}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="File name"
          autoComplete="off"
          aria-describedby={`${id}-hint`}
          aria-controls={`${id}-results`}
        />
      </Field>
      {found.error ? <Alert>The documents could not be searched: {errorMessage(found.error)}</Alert> : null}
      <ul
        id={`${id}-results`}
        aria-label="Matching documents"
        aria-busy={found.isFetching}
        className="max-h-48 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700"
      >
        {found.isPending ? (
          <li className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">Searching…</li>
        ) : items.length === 0 ? (
          <li className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">
            {debounced ? `No other document is named like “${debounced}”.` : 'No other document to choose.'}
          </li>
        ) : (
          items.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                onClick={() => onPick({ id: d.id, filename: d.filename })}
                className="flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50 focus-visible:bg-slate-50 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
              >
                <span className="min-w-0 truncate">
                  <span className="sr-only">Add </span>
                  {d.filename}
                </span>
                <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400">{d.collectionName}</span>
              </button>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}
