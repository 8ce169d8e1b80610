import type { Metadata } from 'next';
import { ApiKeysPanel } from '@/components/api-keys/ApiKeysPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { API_KEY_LIST, apiKeyListInput } from '@/lib/list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'api_keys:manage')) return <AccessDenied what="API keys" permissions={['api_keys:manage']} />;
  await getQueryClient().prefetchQuery(trpc.apiKeys.list.queryOptions(apiKeyListInput(readListParams(API_KEY_LIST, await searchParams))));
  return (
    <HydrateClient>
      <ApiKeysPanel held={member.permissions} />
    </HydrateClient>
  );
}
