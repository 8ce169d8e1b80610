import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/ConsoleShell';
import { requireSuperadmin } from '@/server/auth/guards';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await requireSuperadmin();
  return (
    <ConsoleShell
      homeHref="/admin/tenants"
      contextKind="Platform"
      contextLabel="Superadmin"
      nav={[
        { href: '/admin/tenants', label: 'Tenants' },
        { href: '/admin/usage', label: 'Usage' },
        { href: '/admin/prices', label: 'Prices' },
        { href: '/admin/audit', label: 'Audit log' },
        { href: '/admin/outbox', label: 'Outbox' },
      ]}
      user={{ name: admin.name, email: admin.email }}
    >
      {children}
    </ConsoleShell>
  );
}
