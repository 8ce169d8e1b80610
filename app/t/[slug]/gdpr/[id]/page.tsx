import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RequestDetail } from '@/components/gdpr/RequestDetail';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'GDPR request' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function GdprRequestPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'gdpr:manage')) return <AccessDenied what="GDPR requests" permissions={['gdpr:manage']} />;
  if (!UUID.test(id)) notFound();
  return <RequestDetail slug={slug} id={id} />;
}
