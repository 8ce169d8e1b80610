import type { Metadata } from 'next';
import { TenantList } from '@/components/admin/TenantList';

export const metadata: Metadata = { title: 'Tenants' };

export default function TenantsPage() {
  return <TenantList />;
}
