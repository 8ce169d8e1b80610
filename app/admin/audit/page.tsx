import type { Metadata } from 'next';
import { AuditLog } from '@/components/audit/AuditLog';
import { PageHeader } from '@/components/ui/PageHeader';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { AUDIT_LIST, auditListInput } from '@/lib/list-specs';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Audit log' };

export default async function PlatformAuditPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const input = auditListInput(readListParams(AUDIT_LIST, await searchParams));
  const queryClient = getQueryClient();
  await Promise.all([
    input ? queryClient.prefetchQuery(trpc.audit.listGlobal.queryOptions(input)) : null,
    queryClient.prefetchQuery(trpc.audit.facetsGlobal.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PageHeader
        title="Audit log"
        description="The platform’s own log: superadmin actions, tenant lifecycle and sign-ins outside any workspace. Actions on a tenant also appear in that tenant’s log."
      />
      <AuditLog scope="global" />
    </HydrateClient>
  );
}
