import type { SectionTab } from '@/components/ui/SectionTabs';

export type EvaluationTab = {
  /** The path under /t/[slug]/evaluations ('' is the section's own page). */
  segment: string;
  label: string;
};

/** The Evaluations section's tabs, in order; the layout turns them into links. */
export const EVALUATION_TABS: readonly EvaluationTab[] = [
  { segment: '', label: 'Runs' },
  { segment: 'datasets', label: 'Datasets' },
  { segment: 'feedback', label: 'Feedback' },
];

export function evaluationsPath(slug: string, segment = ''): string {
  return `/t/${slug}/evaluations${segment ? `/${segment}` : ''}`;
}

export function evaluationTabs(slug: string): SectionTab[] {
  return EVALUATION_TABS.map((tab) => ({ href: evaluationsPath(slug, tab.segment), label: tab.label }));
}
