import type { Metadata } from 'next';
import { RolesPanel } from '@/components/roles/RolesPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Roles' };

export default async function RolesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'users:manage', 'roles:manage')) {
    return <AccessDenied what="roles" permissions={['users:manage', 'roles:manage']} />;
  }
  await getQueryClient().prefetchQuery(trpc.roles.list.queryOptions());
  return (
    <HydrateClient>
      <RolesPanel canManage={hasPermission(member, 'roles:manage')} held={member.permissions} />
    </HydrateClient>
  );
}
