import type { Metadata } from 'next';
import { JobsPanel } from '@/components/jobs/JobsPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Processing queue' };

export default async function JobsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'settings:manage')) return <AccessDenied what="the processing queue" permissions={['settings:manage']} />;
  return <JobsPanel slug={slug} canCancel={hasPermission(member, 'documents:write')} />;
}
