import type { Metadata } from 'next';
import { TENANT_SECTIONS } from '@/components/shell/navigation';
import { SectionPlaceholder } from '@/components/shell/SectionPlaceholder';

export const metadata: Metadata = { title: 'Documents' };

export default function DocumentsPage() {
  return <SectionPlaceholder section={TENANT_SECTIONS.find((s) => s.segment === 'documents')!} />;
}
