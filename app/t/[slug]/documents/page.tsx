import type { Metadata } from 'next';
import { DocumentsPanel } from '@/components/documents/DocumentsPanel';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { DOCUMENT_LIST, documentListInput } from '@/lib/list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { getQueryClient, HydrateClient, serverCaller, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Documents' };

/** The layout has checked documents:read; writers also get the upload area. */
export default async function DocumentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  const canWrite = hasPermission(member, 'documents:write');
  // The same limits the upload route applies, shown up front (and a too-large file refused before sending).
  const queryClient = getQueryClient();
  // The first page of the list (as the URL asks for it) and the collections, in the first HTML.
  const [upload] = await Promise.all([
    canWrite ? serverCaller().documents.uploadSettings() : null,
    queryClient.prefetchQuery(trpc.documents.list.queryOptions(documentListInput(readListParams(DOCUMENT_LIST, await searchParams)))),
    queryClient.prefetchQuery(trpc.collections.list.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Documents"
        description="Files your assistants answer from: upload them, follow their processing, and open one to browse its chunks."
      />
      <HydrateClient>
        <DocumentsPanel slug={slug} canWrite={canWrite} upload={upload} />
      </HydrateClient>
    </>
  );
}
