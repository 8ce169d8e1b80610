import type { Metadata } from 'next';
import { AuditLog } from '@/components/audit/AuditLog';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Audit log' };

export default async function TenantAuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'audit:read')) return <AccessDenied what="the audit log" permissions={['audit:read']} />;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made in this workspace and every refused attempt: who, what, when and from where. Entries are chained, so tampering shows."
      />
      <AuditLog scope="tenant" />
    </>
  );
}
