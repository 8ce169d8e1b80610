import type { ReactNode } from 'react';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { SectionTabs, type SectionTab } from '@/components/ui/SectionTabs';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

/** Documents, their collections and (for those who upload, and admins) the processing queue; each page checks again. */
export default async function DocumentsLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'documents:read')) return <AccessDenied what="Documents" permissions={['documents:read']} />;
  const base = `/t/${slug}/documents`;
  const tabs: SectionTab[] = [
    { href: base, label: 'Documents' },
    { href: `${base}/collections`, label: 'Collections' },
    ...(hasPermission(member, 'documents:write') || hasPermission(member, 'settings:manage')
      ? [{ href: `${base}/jobs`, label: 'Processing queue' }]
      : []),
  ];
  return (
    <>
      <SectionTabs tabs={tabs} label="Documents sections" />
      {children}
    </>
  );
}
