'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { signOut } from 'next-auth/react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { errorMessage } from '@/components/ui/errors';
import { ThemeToggle } from './ThemeToggle';

const itemClass =
  'cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100 data-[disabled]:cursor-default data-[disabled]:opacity-60 dark:data-[highlighted]:bg-slate-800';

export function UserMenu({ name, email, context, privacyHref }: { name: string; email: string; context: string; privacyHref?: string }) {
  const trpc = useTRPC();
  const endAll = useMutation(
    trpc.session.endAll.mutationOptions({
      onSuccess: () => void signOut({ callbackUrl: '/sign-in' }),
      onError: (error) => toast.error(`Could not sign out everywhere: ${errorMessage(error)}`),
    }),
  );
  const initials = (name || email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={`Account menu for ${name || email}`}
        className="flex items-center gap-2 rounded-full p-1 pr-3 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">
          {initials}
        </span>
        <span className="hidden max-w-40 truncate sm:inline">{name || email}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 w-64 rounded-md border border-slate-200 bg-white p-2 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="px-2 py-1.5">
            <p className="truncate font-medium">{name}</p>
            <p className="truncate text-xs text-slate-500 dark:text-slate-400">{email}</p>
            <p className="truncate text-xs text-slate-500 dark:text-slate-400">{context}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          <div className="px-2 py-1.5">
            <ThemeToggle />
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          {privacyHref ? (
            <>
              <DropdownMenu.Item asChild className={itemClass}>
                <Link href={privacyHref}>
                  Your data and privacy
                  <span className="block text-xs text-slate-500 dark:text-slate-400">Get a copy of your data or ask for its erasure</span>
                </Link>
              </DropdownMenu.Item>
              <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
            </>
          ) : null}
          <DropdownMenu.Item onSelect={() => void signOut({ callbackUrl: '/sign-in' })} className={itemClass}>
            Sign out
          </DropdownMenu.Item>
          <DropdownMenu.Item
            disabled={endAll.isPending}
            onSelect={(event) => {
              event.preventDefault();
              endAll.mutate();
            }}
            className={itemClass}
          >
            {endAll.isPending ? 'Signing out everywhere…' : 'Sign out everywhere'}
            <span className="block text-xs text-slate-500 dark:text-slate-400">Ends your sessions on every device</span>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
