import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { UsersPanel } from '@/components/users/UsersPanel';
import { USER_LIST, userListInput } from '@/lib/list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'users:manage')) {
    if (hasPermission(member, 'roles:manage')) redirect(`/t/${slug}/users/roles`);
    if (hasPermission(member, 'api_keys:manage')) redirect(`/t/${slug}/users/api-keys`);
    return <AccessDenied what="users" permissions={['users:manage']} />;
  }
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.users.list.queryOptions(userListInput(readListParams(USER_LIST, await searchParams)))),
    queryClient.prefetchQuery(trpc.roles.list.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <UsersPanel currentEmail={member.actingSuperadmin ? '' : member.email} slug={slug} />
    </HydrateClient>
  );
}
