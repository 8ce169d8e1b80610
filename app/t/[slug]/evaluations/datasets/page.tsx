import type { Metadata } from 'next';
import { DatasetList } from '@/components/evals/DatasetList';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { EVAL_DATASET_LIST, evalDatasetListInput } from '@/lib/eval-list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Evaluation datasets' };

export default async function EvalDatasetsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'evals:run')) return <AccessDenied what="evaluation datasets" permissions={['evals:run']} />;
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery(
    trpc.evalDatasets.list.queryOptions(evalDatasetListInput(readListParams(EVAL_DATASET_LIST, await searchParams))),
  );
  return (
    <HydrateClient>
      <DatasetList slug={slug} />
    </HydrateClient>
  );
}
