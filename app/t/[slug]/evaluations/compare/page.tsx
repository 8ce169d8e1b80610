import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { MetricCatalogueProvider } from '@/components/evals/metric-catalogue';
import { CompareView } from '@/components/evals/CompareView';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { isUuid, type SearchParamsRecord } from '@/lib/list-params';
import { BOOTSTRAP_FORMULA, CASE_METRICS, RUN_METRICS, VERDICT_RULES } from '@/server/evals/metrics';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Compare runs' };

/** The metrics' labels and formulas, for the pages' components (which take server code as types only). */
const catalogue = { caseMetrics: CASE_METRICS, runMetrics: RUN_METRICS, bootstrapFormula: BOOTSTRAP_FORMULA, verdictRules: VERDICT_RULES };

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** `?candidate=<run>[&baseline=<run>]`: without a baseline, the candidate's dataset's approved one. */
export default async function CompareRunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'evals:run')) return <AccessDenied what="Evaluations" permissions={['evals:run']} />;
  const query = await searchParams;
  const candidate = one(query.candidate);
  const baseline = one(query.baseline);
  if (!isUuid(candidate) || (baseline && !isUuid(baseline))) notFound();
  return (
    <MetricCatalogueProvider value={catalogue}>
      <CompareView slug={slug} candidateId={candidate} baselineId={baseline || undefined} />
    </MetricCatalogueProvider>
  );
}
