'use client';

import Link from 'next/link';
import { useRef } from 'react';
import { Button } from '@/components/ui/Button';
import { cn } from '@/components/ui/cn';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { formatBytes, formatNumber } from '@/lib/format';
import { DocumentStatusView } from './DocumentStatusView';
import { linkClass } from './parts';
import { canRetry, isActive, type UploadItem, type UploadQueue } from './upload-queue';
import { applyChange } from './useDocumentChanges';
import type { DocumentChange } from './types';

const smallButton = 'min-h-8! px-3! py-1! text-xs!';

const baseDocument = { status: 'uploaded' as const, error: null, chunkCount: 0, pageCount: null, updatedAt: new Date(0), job: null };

/** One file of the upload queue: its progress, refusal or duplicate question, then its processing. */
const UPLOADER_ACCESS = { visibility: 'tenant', collectionVisibility: 'tenant', myLevel: 'admin' } as const;

export function UploadRow({
  item,
  queue,
  slug,
  change,
  onRemoved,
}: {
  item: UploadItem;
  queue: UploadQueue;
  slug: string;
  change: DocumentChange | undefined;
  onRemoved: () => void;
}) {
  const row = useRef<HTMLLIElement>(null);
  // The pressed button goes away with the state it acted on: focus stays on the file's row.
  const act = (action: () => void) => () => {
    action();
    row.current?.focus();
  };
  const percent = item.total > 0 ? (item.loaded / item.total) * 100 : 0;
  return (
    <li ref={row} tabIndex={-1} className="grid gap-2 p-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
      <div className="min-w-0 space-y-1.5">
        <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
          {item.state === 'created' && item.documentId ? (
            <Link href={`/t/${slug}/documents/${item.documentId}`} className={cn(linkClass, 'min-w-0 truncate')} title={item.name}>
              {item.name}
            </Link>
          ) : (
            <span className="min-w-0 truncate font-medium" title={item.name}>
              {item.name}
            </span>
          )}
          <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400">{formatBytes(item.size)}</span>
          <span className="text-xs text-slate-500 dark:text-slate-400">
            <span aria-hidden>→ </span>
            <span className="sr-only">into </span>
            {item.collectionName}
            {item.visibility === 'restricted' ? ', restricted' : ''}
          </span>
        </p>

        {item.state === 'queued' ? <p className="text-xs text-slate-600 dark:text-slate-400">Waiting to upload…</p> : null}
        {item.state === 'uploading' ? (
          <div className="space-y-1">
            <ProgressBar
              label={`Uploading ${item.name}`}
              value={percent}
              valueText={`${Math.round(percent)}%, ${formatBytes(item.loaded)} of ${formatBytes(item.total)}`}
            />
            <p className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
              {Math.round(percent)}% · {formatBytes(Math.min(item.loaded, item.size))} of {formatBytes(item.size)}
            </p>
          </div>
        ) : null}
        {item.state === 'checking' ? (
          <div className="space-y-1">
            <ProgressBar label={`Uploading ${item.name}`} value={100} valueText="Sent; the server is checking the file" />
            <p className="text-xs text-slate-600 dark:text-slate-400">Sent. Checking the file…</p>
          </div>
        ) : null}
        {item.state === 'failed' ? <p className="text-sm text-red-700 dark:text-red-300">{item.error}</p> : null}
        {item.state === 'cancelled' ? <p className="text-xs text-slate-600 dark:text-slate-400">Cancelled.</p> : null}
        {item.state === 'duplicate' && item.existing ? (
          <p className="text-sm text-amber-800 dark:text-amber-200">
            {item.name} is already in this collection as{' '}
            <Link href={`/t/${slug}/documents/${item.existing.id}`} className={linkClass}>
              {item.existing.filename}
            </Link>
            .
          </p>
        ) : null}
        {item.state === 'skipped' ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Skipped: already in this collection{item.existing ? ` as ${item.existing.filename}` : ''}.
          </p>
        ) : null}
        {item.state === 'created' && item.documentId ? (
          <div className="space-y-1">
            <DocumentStatusView
              // Its uploader administers it, whatever the collection.
              doc={{
                id: item.documentId,
                filename: item.name,
                ...UPLOADER_ACCESS,
                ...(change ? applyChange(baseDocument, change) : baseDocument),
              }}
              canWrite
            />
            {change?.status === 'completed' ? (
              <p className="text-xs text-slate-600 dark:text-slate-400">
                Ready: {formatNumber(change.chunkCount)} {change.chunkCount === 1 ? 'chunk' : 'chunks'}
                {change.pageCount ? ` from ${formatNumber(change.pageCount)} ${change.pageCount === 1 ? 'page' : 'pages'}` : ''}.
              </p>
            ) : null}
            {item.replaced ? <p className="text-xs text-slate-600 dark:text-slate-400">Replaced the earlier copy.</p> : null}
          </div>
        ) : null}
      </div>

      <div className="flex flex-wrap gap-2 sm:justify-end">
        {item.state === 'queued' || item.state === 'uploading' ? (
          <Button
            variant="secondary"
            className={smallButton}
            aria-label={`Cancel ${item.name}`}
            onClick={act(() => queue.cancel(item.key))}
          >
            Cancel
          </Button>
        ) : null}
        {item.state === 'duplicate' ? (
          <>
            <Button
              variant="secondary"
              className={smallButton}
              aria-label={`Skip ${item.name}`}
              onClick={act(() => queue.resolveDuplicate(item.key, 'skip'))}
            >
              Skip
            </Button>
            <Button
              className={smallButton}
              aria-label={`Replace with ${item.name}`}
              onClick={act(() => queue.resolveDuplicate(item.key, 'replace'))}
            >
              Replace
            </Button>
          </>
        ) : null}
        {canRetry(item) ? (
          <Button
            variant="secondary"
            className={smallButton}
            aria-label={`Try again: ${item.name}`}
            onClick={act(() => queue.retry(item.key))}
          >
            Try again
          </Button>
        ) : null}
        {!isActive(item) && item.state !== 'duplicate' ? (
          <Button
            variant="ghost"
            className={smallButton}
            aria-label={`Dismiss ${item.name}`}
            onClick={() => {
              queue.dismiss(item.key);
              onRemoved();
            }}
          >
            Dismiss
          </Button>
        ) : null}
      </div>
    </li>
  );
}
