import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { MetricCatalogueProvider } from '@/components/evals/metric-catalogue';
import { CompareView } from '@/components/evals/CompareView';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { isUuid, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { METRIC_CATALOGUE } from '../catalogue';

export const metadata: Metadata = { title: 'Compare runs' };

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
    <MetricCatalogueProvider value={METRIC_CATALOGUE}>
      <CompareView slug={slug} candidateId={candidate} baselineId={baseline || undefined} />
    </MetricCatalogueProvider>
  );
}
