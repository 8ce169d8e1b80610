import type { Metadata } from 'next';
import { CollectionsPanel } from '@/components/collections/CollectionsPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Collections' };

export default async function CollectionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'documents:read')) return <AccessDenied what="collections" permissions={['documents:read']} />;
  await getQueryClient().prefetchQuery(trpc.collections.list.queryOptions());
  return (
    <HydrateClient>
      <CollectionsPanel
        slug={slug}
        canWrite={hasPermission(member, 'documents:write')}
        canManageUsers={hasPermission(member, 'users:manage')}
      />
    </HydrateClient>
  );
}
