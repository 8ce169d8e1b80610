'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useState, type ReactNode } from 'react';
import type { NavItem } from '@/lib/navigation';
import { cn } from '@/components/ui/cn';
import { NavLinks } from './NavLinks';

// The account menu (Radix menu, next-auth's sign-out) is a fifth of a page's script: it loads
// right after the page instead of before it. Until then its place is kept, so nothing moves.
const UserMenu = dynamic(() => import('./UserMenu').then((m) => m.UserMenu), {
  ssr: false,
  loading: () => <span aria-hidden className="block h-10 w-10 sm:w-44" />,
});

/** The console frame: a sidebar on wide screens, a menu button on phones, the user menu on top. */
export function ConsoleShell({
  homeHref,
  contextLabel,
  contextKind,
  nav,
  user,
  privacyHref,
  banner,
  children,
}: {
  homeHref: string;
  contextLabel: string;
  contextKind: string;
  nav: NavItem[];
  user: { name: string; email: string };
  /** The member's own privacy page (tenant members only). */
  privacyHref?: string;
  /** Shown between the header and the page, e.g. the acting-superadmin notice. */
  banner?: ReactNode;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      {open ? (
        // Phones: the open navigation covers the page below the header; a tap beside it closes it.
        <div aria-hidden className="fixed inset-0 top-14 z-20 bg-slate-900/30 md:hidden" onClick={() => setOpen(false)} />
      ) : null}
      <aside
        className={cn(
          open ? 'block' : 'hidden',
          'fixed inset-x-0 top-14 z-20 max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-b border-slate-200 bg-white shadow-lg',
          'md:sticky md:top-0 md:z-auto md:block md:h-screen md:max-h-none md:w-60 md:shrink-0 md:border-r md:border-b-0 md:shadow-none',
          'dark:border-slate-800 dark:bg-slate-900',
        )}
      >
        <div className="hidden h-14 items-center px-4 md:flex">
          <Link href={homeHref} className="text-base font-semibold tracking-tight">
            AgenticOmni
          </Link>
        </div>
        <nav aria-label="Main" className="p-3">
          <NavLinks items={nav} onNavigate={() => setOpen(false)} />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
          <button
            type="button"
            className="rounded-md p-2 hover:bg-slate-100 md:hidden dark:hover:bg-slate-800"
            aria-expanded={open}
            aria-label={open ? 'Close navigation' : 'Open navigation'}
            onClick={() => setOpen((v) => !v)}
          >
            <svg aria-hidden width="20" height="20" viewBox="0 0 20 20" fill="currentColor">
              <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
            </svg>
          </button>
          <div className="min-w-0 flex-1">
            <p className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">{contextKind}</p>
            <p className="truncate text-sm font-semibold" data-testid="context-name">
              {contextLabel}
            </p>
          </div>
          <UserMenu name={user.name} email={user.email} context={`${contextKind}: ${contextLabel}`} privacyHref={privacyHref} />
        </header>
        {banner}
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 p-4 md:p-8">
          {children}
        </main>
      </div>
    </div>
  );
}
