import { redirect } from 'next/navigation';
import { homePath, requireTenantMember } from '@/server/auth/guards';

export default async function TenantHome({ params }: { params: Promise<{ slug: string }> }) {
  const member = await requireTenantMember((await params).slug);
  redirect(homePath(member));
}
