import type { Metadata } from 'next';
import { ApiKeysPanel } from '@/components/api-keys/ApiKeysPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'api_keys:manage')) return <AccessDenied what="API keys" permissions={['api_keys:manage']} />;
  return <ApiKeysPanel held={member.permissions} />;
}
