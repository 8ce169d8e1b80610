import type { Metadata } from 'next';
import { Outbox } from '@/components/mail/Outbox';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { OUTBOX_LIST, outboxListInput } from '@/lib/list-specs';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Outbox' };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  await getQueryClient().prefetchQuery(trpc.mail.outbox.queryOptions(outboxListInput(readListParams(OUTBOX_LIST, await searchParams))));
  return (
    <HydrateClient>
      <Outbox />
    </HydrateClient>
  );
}
