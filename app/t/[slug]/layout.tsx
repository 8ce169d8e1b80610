import type { ReactNode } from 'react';
import { sectionsFor } from '@/lib/navigation';
import { ActingBanner } from '@/components/shell/ActingBanner';
import { ConsoleShell } from '@/components/shell/ConsoleShell';
import { requireTenantMember } from '@/server/auth/guards';

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  const nav = sectionsFor(member.permissions).map((s) => ({ href: `/t/${slug}/${s.segment}`, label: s.label }));
  return (
    <ConsoleShell
      homeHref={`/t/${slug}`}
      contextKind="Workspace"
      contextLabel={member.tenantName}
      nav={nav}
      user={{ name: member.name, email: member.email }}
      privacyHref={member.actingSuperadmin ? undefined : `/t/${slug}/privacy`}
      banner={member.actingSuperadmin ? <ActingBanner tenantName={member.tenantName} /> : undefined}
    >
      {children}
    </ConsoleShell>
  );
}
