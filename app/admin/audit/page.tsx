import type { Metadata } from 'next';
import { AuditLog } from '@/components/audit/AuditLog';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Audit log' };

export default function PlatformAuditPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="The platform’s own log: superadmin actions, tenant lifecycle and sign-ins outside any workspace. Actions on a tenant also appear in that tenant’s log."
      />
      <AuditLog scope="global" />
    </>
  );
}
