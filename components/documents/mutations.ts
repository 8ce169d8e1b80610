'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import type { DocumentList } from './types';

/** Everything that shows documents: lists, one document, its chunks, and the collections' counts. */
export function useInvalidateDocuments() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.documents.list.pathFilter()),
      queryClient.invalidateQueries(trpc.documents.get.pathFilter()),
      queryClient.invalidateQueries(trpc.collections.list.pathFilter()),
    ]);
}

/** Retry (failed) or Reprocess (any): the server queues a new ingest job. */
export function useReprocessDocument() {
  const trpc = useTRPC();
  const invalidate = useInvalidateDocuments();
  return useMutation(
    trpc.documents.reprocess.mutationOptions({
      onSuccess: async () => {
        await invalidate();
      },
    }),
  );
}

/** Deletes a document; lists and counts refresh. A page showing that document moves away itself. */
export function useDeleteDocument() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.documents.delete.mutationOptions({
      onSuccess: async ({ id }) => {
        // Gone from every cached page at once, before the refetch confirms it.
        queryClient.setQueriesData<DocumentList>(trpc.documents.list.pathFilter(), (old) =>
          old && old.items.some((row) => row.id === id)
            ? { ...old, items: old.items.filter((row) => row.id !== id), total: Math.max(0, old.total - 1) }
            : old,
        );
        await Promise.all([
          queryClient.invalidateQueries(trpc.documents.list.pathFilter()),
          queryClient.invalidateQueries(trpc.collections.list.pathFilter()),
        ]);
      },
    }),
  );
}

/** Rename and/or move one document. */
export function useUpdateDocument() {
  const trpc = useTRPC();
  const invalidate = useInvalidateDocuments();
  return useMutation(trpc.documents.update.mutationOptions({ onSuccess: async () => void (await invalidate()) }));
}

/** Delete, reprocess or move several documents at once. */
export function useBulkDocuments() {
  const trpc = useTRPC();
  const invalidate = useInvalidateDocuments();
  return useMutation(trpc.documents.bulk.mutationOptions({ onSuccess: async () => void (await invalidate()) }));
}
