'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { formatNumber } from '@/lib/format';
import { DocumentList } from './DocumentList';
import { LiveRegion, useAnnouncer } from './parts';
import { UploadPanel } from './UploadPanel';
import { applyChange, useDocumentChanges } from './useDocumentChanges';
import { getUploadQueue } from './upload-queue';
import type { DocumentChange, DocumentList as DocumentListPage, DocumentRow, DocumentStatus, FileType } from './types';

/**
 * The Documents page: uploads (for writers) above the list. One status stream feeds both: changes
 * are merged into the cached list pages, and the list is refetched when a document appears or
 * changes status (its place in a sorted or filtered list may change).
 */
export function DocumentsPanel({
  slug,
  canWrite,
  upload,
}: {
  slug: string;
  canWrite: boolean;
  upload: { allowedFileTypes: FileType[]; maxFileSizeBytes: number } | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, announce } = useAnnouncer();
  const [live, setLive] = useState<Record<string, DocumentChange>>({});
  const lastStatus = useRef(new Map<string, DocumentStatus>());
  const [queue] = useState(() => getUploadQueue(slug, { maxFileSizeBytes: upload?.maxFileSizeBytes ?? Number.POSITIVE_INFINITY }));

  useEffect(() => {
    queue.setOnSettled((item) => {
      if (item.state === 'created') {
        announce(`${item.name} uploaded${item.replaced ? ', replacing the earlier copy' : ''}. Processing starts shortly.`);
        void queryClient.invalidateQueries(trpc.documents.list.pathFilter());
        void queryClient.invalidateQueries(trpc.collections.list.pathFilter());
      } else if (item.state === 'failed') announce(`${item.name} was not uploaded: ${item.error ?? 'the upload failed.'}`);
      else if (item.state === 'duplicate') {
        announce(`${item.name} is already in this collection as ${item.existing?.filename ?? 'another file'}. Choose Skip or Replace.`);
      } else if (item.state === 'skipped') announce(`${item.name} was skipped: it is already in this collection.`);
    });
    return () => queue.setOnSettled(() => {});
  }, [queue, queryClient, trpc, announce]);

  const listFilter = trpc.documents.list.pathFilter();

  useDocumentChanges({
    // Whatever changed while the stream was down is not replayed: read the list afresh.
    onStarted: () => void queryClient.invalidateQueries(listFilter),
    onChanges: (changes) => {
      const cached = new Map<string, DocumentRow>();
      for (const [, data] of queryClient.getQueriesData<DocumentListPage>(listFilter)) {
        for (const row of data?.items ?? []) cached.set(row.id, row);
      }
      const byId = new Map(changes.map((change) => [change.id, change]));
      const uploads = queue.getSnapshot();
      let refetch = false;
      const news: string[] = [];
      for (const change of changes) {
        const row = cached.get(change.id);
        const streamed = lastStatus.current.get(change.id);
        // The list is refetched when its copy is behind; people hear of each transition the stream reports.
        if (row ? row.status !== change.status : streamed !== change.status) refetch = true;
        const before = streamed ?? row?.status;
        if (before !== change.status) {
          const name = row?.filename ?? uploads.find((item) => item.documentId === change.id)?.name;
          if (name && change.status === 'completed') {
            news.push(`${name} is ready: ${formatNumber(change.chunkCount)} ${change.chunkCount === 1 ? 'chunk' : 'chunks'}.`);
          } else if (name && change.status === 'failed') {
            news.push(`${name} failed to process: ${change.error ?? 'no reason was given.'}`);
          }
        }
        lastStatus.current.set(change.id, change.status);
      }
      queryClient.setQueriesData<DocumentListPage>(listFilter, (old) =>
        old ? { ...old, items: old.items.map((row) => (byId.has(row.id) ? applyChange(row, byId.get(row.id)!) : row)) } : old,
      );
      setLive((previous) => ({ ...previous, ...Object.fromEntries(byId) }));
      if (refetch) void queryClient.invalidateQueries(listFilter);
      if (news.length > 0) announce(news.join(' '));
    },
  });

  return (
    <div className="space-y-8">
      <LiveRegion message={message} />
      {canWrite && upload ? (
        <UploadPanel
          queue={queue}
          slug={slug}
          allowedFileTypes={upload.allowedFileTypes}
          maxFileSizeBytes={upload.maxFileSizeBytes}
          live={live}
        />
      ) : null}
      <DocumentList slug={slug} canWrite={canWrite} />
    </div>
  );
}
