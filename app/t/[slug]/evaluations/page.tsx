import type { Metadata } from 'next';
import { RUN_LIST, runListQueryInput } from '@/components/evals/run-list-spec';
import { MetricCatalogueProvider } from '@/components/evals/metric-catalogue';
import { RunsList } from '@/components/evals/RunsList';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { BOOTSTRAP_FORMULA, CASE_METRICS, RUN_METRICS, VERDICT_RULES } from '@/server/evals/metrics';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Evaluation runs' };

/** The metrics' labels and formulas, for the pages' components (which take server code as types only). */
const catalogue = { caseMetrics: CASE_METRICS, runMetrics: RUN_METRICS, bootstrapFormula: BOOTSTRAP_FORMULA, verdictRules: VERDICT_RULES };

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
      <MetricCatalogueProvider value={catalogue}>
        <RunsList slug={slug} canReadCollections={hasPermission(member, 'documents:read')} />
      </MetricCatalogueProvider>
    </HydrateClient>
  );
}
