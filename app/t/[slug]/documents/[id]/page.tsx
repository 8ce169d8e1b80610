import type { Metadata } from 'next';
import { DocumentDetail, DocumentNotFound } from '@/components/documents/DocumentDetail';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Document' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One document: details, processing history and chunk browser. `?page=N&chunk=<id>` (a citation's
 * link) opens the chunk browser on that page with that chunk marked.
 */
export default async function DocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ slug, id }, query] = await Promise.all([params, searchParams]);
  const member = await requireTenantMember(slug);
  if (!UUID.test(id)) return <DocumentNotFound slug={slug} />;
  const page = Number(single(query.page));
  const chunk = single(query.chunk);
  const initialPage = Number.isInteger(page) && page >= 1 ? page : null;
  const initialChunk = chunk && UUID.test(chunk) ? chunk.toLowerCase() : null;
  // The quoted sentence of a citation, as document character offsets.
  const from = Number(single(query.from));
  const to = Number(single(query.to));
  const initialQuote = initialChunk && Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from ? { from, to } : null;
  return (
    <DocumentDetail
      // A new citation link (other page or chunk) starts the chunk browser afresh.
      key={`${initialPage ?? ''}:${initialChunk ?? ''}`}
      id={id.toLowerCase()}
      slug={slug}
      canWrite={hasPermission(member, 'documents:write')}
      initialPage={initialPage}
      initialChunk={initialChunk}
      initialQuote={initialQuote}
    />
  );
}
