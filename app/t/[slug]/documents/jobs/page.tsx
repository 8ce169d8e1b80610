import type { Metadata } from 'next';
import { JobsPanel } from '@/components/jobs/JobsPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { JOB_LIST, jobListInput } from '@/lib/list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Processing queue' };

export default async function JobsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  const isAdmin = hasPermission(member, 'settings:manage');
  const canWrite = hasPermission(member, 'documents:write');
  if (!isAdmin && !canWrite) {
    return <AccessDenied what="the processing queue" permissions={['documents:write', 'settings:manage']} />;
  }
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.jobs.list.queryOptions(jobListInput(readListParams(JOB_LIST, await searchParams)))),
    queryClient.prefetchQuery(trpc.jobs.summary.queryOptions()),
  ]);
  return (
    <HydrateClient>
      {/* Admins see and steer every job; people who upload, their own documents' processing. */}
      <JobsPanel slug={slug} canAct={canWrite} isAdmin={isAdmin} />
    </HydrateClient>
  );
}
