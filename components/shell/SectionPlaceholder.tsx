import { Card } from '@/components/ui/Card';
import type { Section } from '@/lib/navigation';

/** What a section that is not built yet will hold; never a dead end or an error page. */
export function SectionPlaceholder({ section }: { section: Section }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{section.label}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">{section.summary}</p>
      </div>
      <Card>
        <h2 className="text-base font-semibold">Coming to this page</h2>
        <ul className="mt-3 list-disc space-y-2 pl-5 text-sm text-slate-700 dark:text-slate-300">
          {section.plans.map((plan) => (
            <li key={plan}>{plan}</li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
