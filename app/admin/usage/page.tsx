import type { Metadata } from 'next';
import { PlatformUsage } from '@/components/platform-usage/PlatformUsage';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { PLATFORM_USAGE_LIST, platformUsageListInput } from '@/lib/list-specs';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Usage across tenants' };

export default async function PlatformUsagePage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  await getQueryClient().prefetchQuery(
    trpc.platformUsage.tenants.queryOptions(platformUsageListInput(readListParams(PLATFORM_USAGE_LIST, await searchParams))),
  );
  return (
    <HydrateClient>
      <PlatformUsage />
    </HydrateClient>
  );
}
