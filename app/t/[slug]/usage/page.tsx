import type { Metadata } from 'next';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { UsageDashboard } from '@/components/usage/UsageDashboard';
import { USAGE_LIST, usageBreakdownInput, usageRangeInput } from '@/lib/list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Usage' };

export default async function TenantUsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'usage:read')) return <AccessDenied what="usage" permissions={['usage:read']} />;
  const list = readListParams(USAGE_LIST, await searchParams);
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.usage.report.queryOptions(usageRangeInput(list))),
    queryClient.prefetchQuery(trpc.usage.breakdown.queryOptions(usageBreakdownInput(list))),
  ]);
  return (
    <HydrateClient>
      <UsageDashboard />
    </HydrateClient>
  );
}
