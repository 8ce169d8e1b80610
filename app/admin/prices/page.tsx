import type { Metadata } from 'next';
import { PriceTable } from '@/components/platform-usage/PriceTable';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { PRICE_LIST, priceListInput } from '@/lib/list-specs';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Model prices' };

export default async function PricesPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.platformUsage.prices.queryOptions(priceListInput(readListParams(PRICE_LIST, await searchParams)))),
    queryClient.prefetchQuery(trpc.platformUsage.unpricedModels.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PriceTable />
    </HydrateClient>
  );
}
