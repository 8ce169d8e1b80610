import type { Metadata } from 'next';
import { SectionPlaceholder } from '@/components/shell/SectionPlaceholder';

export const metadata: Metadata = { title: 'Tenants' };

export default function TenantsPage() {
  return (
    <SectionPlaceholder
      section={{
        segment: 'tenants',
        label: 'Tenants',
        permissions: [],
        summary: 'Every organisation on the platform, its plan, quotas and activity.',
        plans: [
          'Search, filter by status, sort and page through tenants, with users, documents, storage and tokens this month.',
          'Create a tenant with its first admin’s invitation; edit plan, quotas and settings.',
          'Suspend, reactivate and delete (confirmed by typing the slug; purged in the background).',
          'Enter a tenant to help its admins, with a banner and an audited exit.',
        ],
      }}
    />
  );
}
