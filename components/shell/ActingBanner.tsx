'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { errorMessage } from '@/components/ui/errors';

/** Shown to a platform superadmin inside a tenant they entered; leaving is one click. */
export function ActingBanner({ tenantName }: { tenantName: string }) {
  const trpc = useTRPC();
  const exit = useMutation(
    trpc.tenants.exit.mutationOptions({
      // A full page load, so the cleared cookie is used and every layout renders afresh.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- intentional full load
      onSuccess: () => window.location.assign('/admin/tenants'),
    }),
  );
  const leaving = exit.isPending || exit.isSuccess;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-amber-300 bg-amber-100 px-4 py-2.5 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-900 dark:text-amber-50"
    >
      <p className="min-w-0 flex-1">
        You are viewing <strong>{tenantName}</strong> as platform superadmin. Everything you do here is audited.
      </p>
      {exit.error ? (
        <p role="alert" className="text-red-800 dark:text-red-200">
          Could not exit: {errorMessage(exit.error)}
        </p>
      ) : null}
      <button
        type="button"
        onClick={() => exit.mutate()}
        disabled={leaving}
        className="inline-flex min-h-9 items-center rounded-md bg-amber-950 px-3 py-1.5 font-medium text-amber-50 hover:bg-amber-800 disabled:opacity-70 dark:bg-amber-50 dark:text-amber-950 dark:hover:bg-amber-200"
      >
        {leaving ? 'Exiting…' : 'Exit tenant'}
      </button>
    </div>
  );
}
