import type { Metadata } from 'next';
import { WorkspaceOverview } from '@/components/overview/WorkspaceOverview';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Overview' };

export default async function TenantOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'users:manage') && !hasPermission(member, 'settings:manage')) {
    return <AccessDenied what="the workspace overview" permissions={['users:manage', 'settings:manage']} />;
  }
  await getQueryClient().prefetchQuery(trpc.overview.get.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Overview" description={`How ${member.tenantName} is doing today, and what needs your attention.`} />
      <WorkspaceOverview
        slug={slug}
        canOpenQueue={hasPermission(member, 'settings:manage')}
        canOpenUsage={hasPermission(member, 'usage:read')}
        canOpenAudit={hasPermission(member, 'audit:read')}
      />
    </HydrateClient>
  );
}
