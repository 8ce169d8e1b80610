import type { Metadata } from 'next';
import { AuditLog } from '@/components/audit/AuditLog';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { PageHeader } from '@/components/ui/PageHeader';
import { AUDIT_LIST, auditListInput } from '@/lib/list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Audit log' };

export default async function TenantAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'audit:read')) return <AccessDenied what="the audit log" permissions={['audit:read']} />;
  // Dates are read as the server's local days; a browser in another time zone asks again for its own.
  const input = auditListInput(readListParams(AUDIT_LIST, await searchParams));
  const queryClient = getQueryClient();
  await Promise.all([
    input ? queryClient.prefetchQuery(trpc.audit.list.queryOptions(input)) : null,
    queryClient.prefetchQuery(trpc.audit.facets.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PageHeader
        title="Audit log"
        description="Every change made in this workspace and every refused attempt: who, what, when and from where. Entries are chained, so tampering shows."
      />
      <AuditLog scope="tenant" />
    </HydrateClient>
  );
}
