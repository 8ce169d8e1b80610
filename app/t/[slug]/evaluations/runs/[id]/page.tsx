import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { MetricCatalogueProvider } from '@/components/evals/metric-catalogue';
import { RunDetail } from '@/components/evals/RunDetail';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { isUuid } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { METRIC_CATALOGUE } from '../../catalogue';

export const metadata: Metadata = { title: 'Evaluation run' };

export default async function EvaluationRunPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'evals:run')) return <AccessDenied what="Evaluations" permissions={['evals:run']} />;
  if (!isUuid(id)) notFound();
  return (
    <MetricCatalogueProvider value={METRIC_CATALOGUE}>
      <RunDetail slug={slug} id={id} canReadCollections={hasPermission(member, 'documents:read')} />
    </MetricCatalogueProvider>
  );
}
