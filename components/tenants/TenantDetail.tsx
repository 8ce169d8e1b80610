'use client';

import { When } from '@/components/ui/When';
import { Alert } from '@/components/ui/Alert';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage } from '@/components/ui/errors';
import { formatBytes, formatDateTime, formatNumber } from '@/lib/format';
import { DeleteTenantDialog } from './DeleteTenantDialog';
import { useReturnFocus } from '@/components/ui/hooks';
import { TenantEditForm } from './TenantEditForm';
import { errorCode, PLAN_LABELS, STATUS_LABELS, STATUS_TONES, type TenantDetail as Tenant } from './tenant-helpers';

const backLink = (
  <Link href="/admin/tenants" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
    ← All tenants
  </Link>
);

/** One tenant for the superadmin: figures, settings, suspension, deletion and entering it. */
export function TenantDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const tenant = useQuery({
    ...trpc.tenants.get.queryOptions({ id }),
    // While a deleted tenant is being purged, watch for the purge to finish.
    refetchInterval: (query) => (query.state.data?.status === 'deleted' && !query.state.data.purgedAt ? 2000 : false),
  });

  if (tenant.isPending) {
    return (
      <div className="space-y-4">
        {backLink}
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          Loading the tenant…
        </p>
      </div>
    );
  }

  if (tenant.error) {
    const missing = ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(tenant.error) ?? '');
    return (
      <div className="space-y-4">
        {backLink}
        <Card role="alert">
          <h1 className="text-xl font-semibold">{missing ? 'Tenant not found' : 'The tenant could not be loaded'}</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            {missing ? 'There is no tenant with this address. It may have been purged, or the link is wrong.' : errorMessage(tenant.error)}
          </p>
          <Link
            href="/admin/tenants"
            className="mt-4 inline-flex min-h-10 items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
          >
            Back to tenants
          </Link>
        </Card>
      </div>
    );
  }

  return <TenantView tenant={tenant.data} />;
}

function TenantView({ tenant }: { tenant: Tenant }) {
  const trpc = useTRPC();
  const deleted = tenant.status === 'deleted';
  const enter = useMutation(
    trpc.tenants.enter.mutationOptions({
      // A full page load, so the new acting cookie is sent and every layout renders afresh.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- intentional full load
      onSuccess: ({ slug }) => window.location.assign(`/t/${slug}`),
    }),
  );

  return (
    <div className="space-y-6">
      {backLink}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{tenant.name}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <span className="font-mono">{tenant.slug}</span>
            <Badge tone={STATUS_TONES[tenant.status]}>{STATUS_LABELS[tenant.status]}</Badge>
            <Badge>{PLAN_LABELS[tenant.plan]} plan</Badge>
          </div>
        </div>
        {!deleted ? (
          <div className="flex flex-col items-start gap-1 sm:items-end">
            <Button onClick={() => enter.mutate({ id: tenant.id })} disabled={enter.isPending || enter.isSuccess}>
              {enter.isPending || enter.isSuccess ? 'Entering…' : 'Enter tenant'}
            </Button>
            {enter.error ? (
              <p role="alert" className="max-w-xs text-xs text-red-600 sm:text-right dark:text-red-400">
                Could not enter: {errorMessage(enter.error)}
              </p>
            ) : (
              <p className="max-w-xs text-xs text-slate-500 sm:text-right dark:text-slate-400">Opens the workspace as an admin; audited.</p>
            )}
          </div>
        ) : null}
      </div>

      {deleted ? <PurgeStatus tenant={tenant} /> : null}

      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading" className="sr-only">
          Figures
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Figure label="Users">{formatNumber(tenant.users)}</Figure>
          <Figure label="Documents">{formatNumber(tenant.documents)}</Figure>
          <Figure label="Storage">{formatBytes(tenant.storageBytes)}</Figure>
          <Figure label="Tokens this month">{formatNumber(tenant.tokensThisMonth)}</Figure>
          <Figure label="Last activity">{tenant.lastActivityAt ? <When at={tenant.lastActivityAt} /> : 'Never'}</Figure>
          <Figure label="Created">
            <When at={tenant.createdAt} />
          </Figure>
        </dl>
      </section>

      {/* A deleted tenant's settings no longer matter, and its quotas are purged with it. */}
      {!deleted ? <TenantEditForm key={tenant.id} tenant={tenant} /> : null}

      {!deleted ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <SuspensionCard tenant={tenant} />
          <Card className="border-red-300 dark:border-red-900">
            <h2 className="text-base font-semibold text-red-700 dark:text-red-400">Danger zone</h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Deleting the tenant stops it at once and then removes all its users, documents, files and history. This cannot be undone.
            </p>
            <DeleteTenantDialog tenant={tenant} />
          </Card>
        </div>
      ) : null}
    </div>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function SuspensionCard({ tenant }: { tenant: Tenant }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const returnFocus = useReturnFocus(confirming);
  const suspended = tenant.status === 'suspended';
  const options = {
    onSuccess: (saved: Tenant) => {
      queryClient.setQueryData(trpc.tenants.get.queryKey({ id: tenant.id }), saved);
      void queryClient.invalidateQueries({ queryKey: trpc.tenants.list.queryKey() });
      setConfirming(false);
      toast.success(saved.status === 'suspended' ? `${saved.name} is suspended.` : `${saved.name} is active again.`);
    },
  };
  const suspend = useMutation(trpc.tenants.suspend.mutationOptions(options));
  const reactivate = useMutation(trpc.tenants.reactivate.mutationOptions(options));
  const action = suspended ? reactivate : suspend;

  function openChange(open: boolean) {
    setConfirming(open);
    if (!open) {
      action.reset();
    }
  }

  return (
    <Card>
      <h2 className="text-base font-semibold">Access</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {suspended
          ? 'The tenant is suspended: nobody can sign in or use its API keys. Its data is kept.'
          : 'Suspending signs everyone out and blocks sign-ins and API keys until you reactivate the tenant. Nothing is deleted.'}
      </p>
      <Button
        variant="secondary"
        className="mt-4"
        onClick={(e) => {
          returnFocus(e.currentTarget);
          setConfirming(true);
        }}
      >
        {suspended ? 'Reactivate tenant' : 'Suspend tenant'}
      </Button>
      <Dialog
        open={confirming}
        onOpenChange={openChange}
        title={suspended ? `Reactivate ${tenant.name}?` : `Suspend ${tenant.name}?`}
        description={
          suspended
            ? 'Its users can sign in again and its API keys work again.'
            : 'Everyone in this workspace is signed out at once and cannot sign in until you reactivate it.'
        }
      >
        {action.error ? <Alert className="mb-4">{errorMessage(action.error)}</Alert> : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={() => openChange(false)}>
            Cancel
          </Button>
          <Button variant={suspended ? 'primary' : 'danger'} disabled={action.isPending} onClick={() => action.mutate({ id: tenant.id })}>
            {action.isPending ? (suspended ? 'Reactivating…' : 'Suspending…') : suspended ? 'Reactivate' : 'Suspend'}
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}

function PurgeStatus({ tenant }: { tenant: Tenant }) {
  const result = tenant.purgeResult;
  const tables = Object.entries(result?.rows ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const totalRows = tables.reduce((sum, [, n]) => sum + n, 0);
  return (
    <Card role="status" aria-live="polite" className="border-amber-300 dark:border-amber-800">
      {!tenant.purgedAt ? (
        <p className="flex items-center gap-2 text-sm">
          <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-amber-500 border-t-transparent" />
          Deleted {formatDateTime(tenant.deletedAt)}; purge in progress…
        </p>
      ) : (
        <div className="text-sm">
          <p>
            Deleted {formatDateTime(tenant.deletedAt)}. Purged {formatDateTime(tenant.purgedAt)}: removed {formatNumber(totalRows)}{' '}
            {totalRows === 1 ? 'row' : 'rows'} and {formatNumber(result?.files ?? 0)} {result?.files === 1 ? 'file' : 'files'}.
          </p>
          {result?.error ? <p className="mt-2 text-red-700 dark:text-red-400">The purge reported a problem: {result.error}</p> : null}
          {tables.length > 0 ? (
            <details className="mt-3">
              <summary className="cursor-pointer font-medium">Rows removed per table</summary>
              <ul className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
                {tables.map(([table, n]) => (
                  <li key={table} className="flex justify-between gap-4 border-b border-slate-100 py-1 dark:border-slate-800">
                    <span className="font-mono text-xs">{table}</span>
                    <span className="tabular-nums">{formatNumber(n)}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      )}
    </Card>
  );
}
