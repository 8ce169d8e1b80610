import type { Metadata } from 'next';
import { SettingsPanel } from '@/components/settings/SettingsPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'settings:manage')) return <AccessDenied what="settings" permissions={['settings:manage']} />;
  return <SettingsPanel />;
}
