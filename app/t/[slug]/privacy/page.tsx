import type { Metadata } from 'next';
import { OwnRequests } from '@/components/gdpr/OwnRequests';
import { requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Your data and privacy' };

/** Every member's own page: ask for a copy of their data or its erasure, and follow the answer. */
export default async function PrivacyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  return <OwnRequests workspace={member.tenantName} isPerson={!member.actingSuperadmin} />;
}
