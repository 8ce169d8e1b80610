import type { ReactNode } from 'react';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { PageHeader } from '@/components/ui/PageHeader';
import { SectionTabs, type SectionTab } from '@/components/ui/SectionTabs';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

/** "Users & roles": one heading and the tabs a member may open; each tab page checks again. */
export default async function UsersLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  const base = `/t/${slug}/users`;
  const tabs: SectionTab[] = [
    ...(hasPermission(member, 'users:manage') ? [{ href: base, label: 'Users' }] : []),
    ...(hasPermission(member, 'users:manage', 'roles:manage') ? [{ href: `${base}/roles`, label: 'Roles' }] : []),
    ...(hasPermission(member, 'api_keys:manage') ? [{ href: `${base}/api-keys`, label: 'API keys' }] : []),
  ];
  if (tabs.length === 0) return <AccessDenied what="Users & roles" permissions={['users:manage', 'roles:manage']} />;
  return (
    <>
      <PageHeader title="Users & roles" description="Who can sign in to this workspace and what each of them may do." />
      <SectionTabs tabs={tabs} label="Users and roles sections" />
      {children}
    </>
  );
}
