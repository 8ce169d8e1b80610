import type { Metadata } from 'next';
import { GdprRequests } from '@/components/gdpr/GdprRequests';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { GDPR_LIST, gdprListInput } from '@/lib/list-specs';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'GDPR requests' };

export default async function GdprPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'gdpr:manage')) return <AccessDenied what="GDPR requests" permissions={['gdpr:manage']} />;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.gdpr.list.queryOptions(gdprListInput(readListParams(GDPR_LIST, await searchParams)))),
    queryClient.prefetchQuery(trpc.gdpr.summary.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <GdprRequests slug={slug} />
    </HydrateClient>
  );
}
