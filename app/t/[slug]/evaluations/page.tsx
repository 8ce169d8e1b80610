import type { Metadata } from 'next';
import { RUN_LIST, runListQueryInput } from '@/components/evals/run-list-spec';
import { MetricCatalogueProvider } from '@/components/evals/metric-catalogue';
import { RunsList } from '@/components/evals/RunsList';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';
import { METRIC_CATALOGUE } from './catalogue';

export const metadata: Metadata = { title: 'Evaluation runs' };

/** The evaluation runs (the section's first tab); datasets and feedback have their own tabs. */
export default async function EvaluationRunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'evals:run')) return <AccessDenied what="Evaluations" permissions={['evals:run']} />;
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery(trpc.evaluations.list.queryOptions(runListQueryInput(readListParams(RUN_LIST, await searchParams))));
  return (
    <HydrateClient>
      <MetricCatalogueProvider value={METRIC_CATALOGUE}>
        <RunsList slug={slug} canReadCollections={hasPermission(member, 'documents:read')} />
      </MetricCatalogueProvider>
    </HydrateClient>
  );
}
