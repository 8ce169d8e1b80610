import { redirect } from 'next/navigation';
import { evaluationsPath } from '@/components/evals/tabs';

/** Until runs have their page, the section opens on its datasets. */
export default async function EvaluationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  redirect(evaluationsPath(slug, 'datasets'));
}
