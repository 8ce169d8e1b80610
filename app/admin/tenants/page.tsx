import type { Metadata } from 'next';
import { TenantList } from '@/components/tenants/TenantList';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { TENANT_LIST, tenantListInput } from '@/lib/list-specs';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Tenants' };

export default async function TenantsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  await getQueryClient().prefetchQuery(trpc.tenants.list.queryOptions(tenantListInput(readListParams(TENANT_LIST, await searchParams))));
  return (
    <HydrateClient>
      <TenantList />
    </HydrateClient>
  );
}
