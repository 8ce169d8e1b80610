'use client';

import { Alert } from '@/components/ui/Alert';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useId, useRef, useState, useSyncExternalStore, type DragEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import { accessAllows } from '@/lib/access';
import { acceptAttribute, acceptedTypesText } from '@/lib/file-types';
import { formatBytes } from '@/lib/format';
import { Select } from '@/components/ui/Select';
import { NewCollectionForm } from './NewCollectionForm';
import { UploadRow } from './UploadRow';
import { linkClass } from './parts';
import { Checkbox } from '@/components/ui/Checkbox';
import { isActive, NO_UPLOADS, type UploadQueue } from './upload-queue';
import type { DocumentChange, FileType } from './types';

const smallButton = 'min-h-8! px-3! py-1! text-xs!';

/**
 * Uploading: a drop zone with a "Choose files" button, the target collection and visibility, then
 * one row per file with its progress, its refusal or duplicate question, and, once created, its
 * processing status as it streams in.
 */
export function UploadPanel({
  queue,
  slug,
  allowedFileTypes,
  maxFileSizeBytes,
  live,
}: {
  queue: UploadQueue;
  slug: string;
  allowedFileTypes: FileType[];
  maxFileSizeBytes: number;
  live: Record<string, DocumentChange>;
}) {
  const trpc = useTRPC();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const [chosenCollection, setChosenCollection] = useState('');
  const [restricted, setRestricted] = useState(false);
  const [dragDepth, setDragDepth] = useState(0);
  const [zoneError, setZoneError] = useState<string | null>(null);
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot, () => NO_UPLOADS);
  const collections = useQuery(trpc.collections.list.queryOptions());

  // Only collections the user may upload into: a restricted one needs a write grant (or more).
  const all = collections.data ?? [];
  const list = all.filter((c) => accessAllows({ restricted: c.visibility === 'restricted', level: c.myLevel }, 'write'));
  const readOnly = all.length - list.length;
  // Until one is chosen, uploads go to the workspace's default collection.
  const collection = list.find((c) => c.id === chosenCollection) ?? list.find((c) => c.isDefault) ?? list[0] ?? null;
  const uploading = items.some(isActive);
  // A restricted collection's files are restricted whatever the box says: the box shows it, and what it shows is what is sent.
  const restrictedByCollection = collection?.visibility === 'restricted';
  const restrictedUpload = restrictedByCollection || restricted;

  // Leaving the page (reload, closing the tab) would cut the uploads still running.
  useEffect(() => {
    if (!uploading) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploading]);

  function addFiles(files: File[]) {
    if (files.length === 0) return;
    if (!collection) {
      setZoneError(
        collections.isPending ? 'The collections are still loading. Try again in a moment.' : 'Create a collection first, then add files.',
      );
      return;
    }
    setZoneError(null);
    queue.add(files, {
      collectionId: collection.id,
      collectionName: collection.name,
      visibility: restrictedUpload ? 'restricted' : 'tenant',
    });
  }

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragDepth(0);
    addFiles(Array.from(event.dataTransfer.files));
  };

  const accept = acceptAttribute(allowedFileTypes);
  const finished = items.filter((item) => !isActive(item) && item.state !== 'duplicate').length;

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Upload documents
      </h2>

      <div className="mt-4 grid gap-4 lg:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]">
        <div className="space-y-4">
          {collections.isError ? (
            <Alert onRetry={() => void collections.refetch()}>The collections could not be loaded: {errorMessage(collections.error)}</Alert>
          ) : collections.isPending ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">Loading collections…</p>
          ) : list.length === 0 ? (
            <NewCollectionForm onCreated={(created) => setChosenCollection(created)} />
          ) : (
            <div className="space-y-1">
              <label htmlFor={`${id}-collection`} className="block text-sm font-medium text-slate-700 dark:text-slate-200">
                Upload to collection
              </label>
              <Select
                id={`${id}-collection`}
                value={collection?.id ?? ''}
                onChange={(e) => setChosenCollection(e.target.value)}
                aria-describedby={`${id}-collection-hint`}
              >
                {list.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.visibility === 'restricted' ? ' (restricted)' : ''}
                  </option>
                ))}
              </Select>
              <p id={`${id}-collection-hint`} className="text-xs text-slate-500 dark:text-slate-400">
                New files go into this collection
                {collection?.isDefault ? ', the workspace’s default for uploads' : ''}.{' '}
                {readOnly > 0
                  ? `${readOnly === 1 ? 'One restricted collection is' : `${readOnly} restricted collections are`} not listed: you may only read ${readOnly === 1 ? 'it' : 'them'}. `
                  : null}
                <Link href={`/t/${slug}/documents/collections`} className={linkClass}>
                  Manage collections
                </Link>
              </p>
            </div>
          )}

          <div className="flex items-start gap-2">
            <Checkbox
              id={`${id}-restricted`}
              checked={restrictedUpload}
              disabled={restrictedByCollection}
              onChange={(e) => setRestricted(e.target.checked)}
              aria-describedby={`${id}-restricted-hint`}
            />
            <div>
              <label htmlFor={`${id}-restricted`} className="text-sm font-medium text-slate-700 dark:text-slate-200">
                Restricted
              </label>
              <p id={`${id}-restricted-hint`} className="text-xs text-slate-500 dark:text-slate-400">
                {restrictedByCollection && collection
                  ? `Always on in ${collection.name}: it is a restricted collection, so its files are seen only by people given access to it, and by admins who manage users.`
                  : 'Only you, people you give access to, and admins who manage users can find these files and see them cited. Unchecked, everyone in the workspace can.'}
              </p>
            </div>
          </div>
        </div>

        <div
          onDragEnter={(e) => {
            e.preventDefault();
            setDragDepth((d) => d + 1);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = collection ? 'copy' : 'none';
          }}
          onDragLeave={() => setDragDepth((d) => Math.max(0, d - 1))}
          onDrop={onDrop}
          className={cn(
            'flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed px-4 py-8 text-center transition-colors',
            dragDepth > 0
              ? 'border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950/40'
              : 'border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-950/40',
          )}
        >
          <svg
            aria-hidden
            width="32"
            height="32"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            className="text-slate-400 dark:text-slate-500"
          >
            <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {dragDepth > 0 ? 'Drop the files to upload them' : 'Drag files here, or'}
          </p>
          <Button
            ref={chooseButton}
            variant="secondary"
            className="disabled:opacity-50"
            disabled={!collection}
            aria-describedby={`${id}-types`}
            onClick={() => input.current?.click()}
          >
            Choose files
          </Button>
          <div id={`${id}-types`} className="max-w-prose space-y-1 text-xs text-slate-500 dark:text-slate-400">
            {!collection && !collections.isPending ? <p>Create a collection first.</p> : null}
            <p>
              <span className="font-medium text-slate-700 dark:text-slate-300">Accepted:</span> {acceptedTypesText(allowedFileTypes)}; up to{' '}
              {formatBytes(maxFileSizeBytes)} each.
            </p>
            <p>The type is read from the file’s content, and its name must end to match (a PDF in .pdf, text in .txt).</p>
          </div>
          <input
            ref={input}
            type="file"
            multiple
            accept={accept}
            className="hidden"
            tabIndex={-1}
            aria-hidden
            onChange={(e) => {
              addFiles(Array.from(e.target.files ?? []));
              // The same file can be chosen again (after a cancel, say).
              e.target.value = '';
            }}
          />
          {zoneError ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {zoneError}
            </p>
          ) : null}
        </div>
      </div>

      {items.length > 0 ? (
        <div className="mt-6">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id={`${id}-uploads`} className="text-sm font-semibold">
              Uploads
            </h3>
            {finished > 0 ? (
              <Button
                variant="ghost"
                className={smallButton}
                onClick={() => {
                  queue.clearFinished();
                  chooseButton.current?.focus();
                }}
              >
                Clear finished
              </Button>
            ) : null}
          </div>
          <ul
            aria-labelledby={`${id}-uploads`}
            className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
          >
            {items.map((item) => (
              <UploadRow
                key={item.key}
                item={item}
                queue={queue}
                slug={slug}
                change={item.documentId ? live[item.documentId] : undefined}
                onRemoved={() => chooseButton.current?.focus()}
              />
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
