import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { TENANT_SECTIONS } from '@/lib/navigation';
import { SectionPlaceholder } from '@/components/shell/SectionPlaceholder';
import { Card } from '@/components/ui/Card';
import { requireTenantMember } from '@/server/auth/guards';

type Params = { params: Promise<{ slug: string; section: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { section: segment } = await params;
  const section = TENANT_SECTIONS.find((s) => s.segment === segment);
  return { title: section?.label ?? 'Not found' };
}

/** Sections that have no page of their own yet say what they will hold. */
export default async function SectionPage({ params }: Params) {
  const { slug, section: segment } = await params;
  const member = await requireTenantMember(slug);
  if (segment === 'no-access') {
    return (
      <Card role="status">
        <h1 className="text-xl font-semibold">No sections available</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Your account holds no role with access to this console yet. Ask an admin of your workspace to assign one.
        </p>
      </Card>
    );
  }
  const section = TENANT_SECTIONS.find((s) => s.segment === segment);
  if (!section) notFound();
  if (!section.permissions.some((p) => member.permissions.includes(p))) {
    return <AccessDenied what={section.label} permissions={section.permissions} />;
  }
  return <SectionPlaceholder section={section} />;
}
