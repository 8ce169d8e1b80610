import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { UsersPanel } from '@/components/users/UsersPanel';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'users:manage')) {
    if (hasPermission(member, 'roles:manage')) redirect(`/t/${slug}/users/roles`);
    if (hasPermission(member, 'api_keys:manage')) redirect(`/t/${slug}/users/api-keys`);
    return <AccessDenied what="users" permissions={['users:manage']} />;
  }
  return <UsersPanel currentEmail={member.actingSuperadmin ? '' : member.email} />;
}
