import type { Metadata } from 'next';
import { DocumentsPanel } from '@/components/documents/DocumentsPanel';
import { PageHeader } from '@/components/ui/PageHeader';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { serverCaller } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Documents' };

/** The layout has checked documents:read; writers also get the upload area. */
export default async function DocumentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  const canWrite = hasPermission(member, 'documents:write');
  // The same limits the upload route applies, shown up front (and a too-large file refused before sending).
  const upload = canWrite ? await serverCaller().documents.uploadSettings() : null;
  return (
    <>
      <PageHeader
        title="Documents"
        description="Files your assistants answer from: upload them, follow their processing, and open one to browse its chunks."
      />
      <DocumentsPanel slug={slug} canWrite={canWrite} upload={upload} />
    </>
  );
}
