import { redirect } from 'next/navigation';
import { sectionsFor } from '@/lib/navigation';
import { requireTenantMember } from '@/server/auth/guards';

export default async function TenantHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  redirect(`/t/${slug}/${sectionsFor(member.permissions)[0]?.segment ?? 'no-access'}`);
}
