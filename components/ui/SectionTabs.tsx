'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

export type SectionTab = { href: string; label: string };

/** Tabs as links, so each tab has its own address and history entry. */
export function SectionTabs({ tabs, label }: { tabs: SectionTab[]; label: string }) {
  const pathname = usePathname();
  // The most specific tab whose address starts the current one: /documents/123 is under Documents.
  const active = tabs
    .filter((tab) => pathname === tab.href || pathname.startsWith(`${tab.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label={label} className="mb-6 overflow-x-auto border-b border-slate-200 dark:border-slate-800">
      <ul className="flex min-w-max gap-1">
        {tabs.map((tab) => {
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active === tab.href ? 'page' : undefined}
                className={cn(
                  '-mb-px inline-flex min-h-10 items-center border-b-2 px-3 py-2 text-sm font-medium',
                  active === tab.href
                    ? 'border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-white',
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
