import type { ReactNode } from 'react';
import { evaluationTabs } from '@/components/evals/tabs';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { SectionTabs } from '@/components/ui/SectionTabs';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

/** Evaluations: runs, datasets and the caller's thumbs-down answers; each page checks again. */
export default async function EvaluationsLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'evals:run')) return <AccessDenied what="Evaluations" permissions={['evals:run']} />;
  return (
    <>
      <SectionTabs tabs={evaluationTabs(slug)} label="Evaluations sections" />
      {children}
    </>
  );
}
