import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DatasetDetail } from '@/components/evals/DatasetDetail';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { EVAL_CASE_LIST, evalDatasetGetInput } from '@/lib/eval-list-specs';
import { isUuid, readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Evaluation dataset' };

export default async function EvalDatasetPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug, id } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'evals:run')) return <AccessDenied what="evaluation datasets" permissions={['evals:run']} />;
  if (!isUuid(id)) notFound();
  const queryClient = getQueryClient();
  // A dataset that is gone shows its error in the page; the prefetch only saves a round trip.
  await queryClient.prefetchQuery(
    trpc.evalDatasets.get.queryOptions(evalDatasetGetInput(id, readListParams(EVAL_CASE_LIST, await searchParams))),
  );
  return (
    <HydrateClient>
      <DatasetDetail slug={slug} id={id} canReadDocuments={hasPermission(member, 'documents:read')} />
    </HydrateClient>
  );
}
