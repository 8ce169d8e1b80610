'use client';

import { useQueries } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';

export type DocumentName = { name: string; missing: boolean } | undefined;

/**
 * The file names of gold documents, by id, from the documents router (one cached query per
 * document). A document that was deleted or is hidden from the caller reads as missing;
 * without documents:read (`enabled` false) nothing is asked and the ids stay as they are.
 */
export function useDocumentNames(ids: readonly string[], enabled: boolean): (id: string) => DocumentName {
  const trpc = useTRPC();
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({ ...trpc.documents.get.queryOptions({ id }), enabled, staleTime: 5 * 60_000, retry: false })),
  });
  const byId = new Map<string, DocumentName>();
  unique.forEach((id, i) => {
    const r = results[i]!;
    if (r.data) byId.set(id, { name: r.data.filename, missing: false });
    else if (r.error) byId.set(id, { name: 'Document not found', missing: true });
  });
  return (id) => byId.get(id);
}

/** A short form of an id, for a document whose name is not known. */
export const shortId = (id: string) => `${id.slice(0, 8)}…`;
