'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { TENANT_STATUSES } from '@/lib/enums';
import { formatBytes, formatNumber } from '@/lib/format';
import { TENANT_LIST, tenantListInput } from '@/lib/list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { useReturnFocus } from '@/components/ui/hooks';
import { ListSearch } from '@/components/ui/ListSearch';
import { PageHeader } from '@/components/ui/PageHeader';
import { Select } from '@/components/ui/Select';
import { dataListSort, dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { NewTenantDialog } from './NewTenantDialog';
import { PLAN_LABELS, STATUS_LABELS, STATUS_TONES, type TenantListItem, type TenantSort } from './tenant-helpers';

const SORT_LABELS: Record<TenantSort, string> = {
  name: 'Name',
  created: 'Created',
  users: 'Users',
  documents: 'Documents',
  storage: 'Storage',
  tokens: 'Tokens this month',
  lastActivity: 'Last activity',
};

const muted = 'text-xs text-slate-500 dark:text-slate-400';
const numeric = { headerClassName: 'text-right', className: 'text-right tabular-nums' };

function TenantStatus({ tenant }: { tenant: TenantListItem }) {
  return (
    <>
      <Badge tone={STATUS_TONES[tenant.status]}>{STATUS_LABELS[tenant.status]}</Badge>
      <p className={`mt-1 ${muted}`}>{PLAN_LABELS[tenant.plan]} plan</p>
    </>
  );
}

function TenantName({ tenant }: { tenant: TenantListItem }) {
  return (
    <>
      <Link href={`/admin/tenants/${tenant.id}`} className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300">
        {tenant.name}
      </Link>
      <p className={`font-mono ${muted}`}>{tenant.slug}</p>
    </>
  );
}

const COLUMNS: Array<DataColumn<TenantListItem, TenantSort>> = [
  { id: 'name', header: 'Name', sort: 'name', className: 'min-w-40', cell: (t) => <TenantName tenant={t} /> },
  { id: 'status', header: 'Status', cell: (t) => <TenantStatus tenant={t} /> },
  { id: 'users', header: 'Users', sort: 'users', ...numeric, cell: (t) => formatNumber(t.users) },
  { id: 'documents', header: 'Documents', sort: 'documents', ...numeric, cell: (t) => formatNumber(t.documents) },
  {
    id: 'storage',
    header: 'Storage',
    sort: 'storage',
    headerClassName: 'text-right',
    className: 'text-right whitespace-nowrap tabular-nums',
    cell: (t) => formatBytes(t.storageBytes),
  },
  { id: 'tokens', header: 'Tokens this month', sort: 'tokens', ...numeric, cell: (t) => formatNumber(t.tokensThisMonth) },
  {
    id: 'lastActivity',
    header: 'Last activity',
    sort: 'lastActivity',
    className: 'whitespace-nowrap',
    cell: (t) => <When at={t.lastActivityAt} empty="Never" />,
  },
  { id: 'created', header: 'Created', sort: 'created', className: 'whitespace-nowrap', cell: (t) => <When at={t.createdAt} /> },
];

function TenantCard({ tenant }: { tenant: TenantListItem }) {
  return (
    <>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <TenantName tenant={tenant} />
        </div>
        <div className="shrink-0 text-right">
          <TenantStatus tenant={tenant} />
        </div>
      </div>
      <CardFacts
        facts={[
          ['Users', formatNumber(tenant.users)],
          ['Documents', formatNumber(tenant.documents)],
          ['Storage', formatBytes(tenant.storageBytes)],
          ['Tokens this month', formatNumber(tenant.tokensThisMonth)],
          ['Last activity', <When key="last" at={tenant.lastActivityAt} empty="Never" />],
        ]}
      />
    </>
  );
}

/** Every tenant of the platform: searched, filtered, sorted and paged on the server (and in the URL). */
export function TenantList() {
  const trpc = useTRPC();
  const params = useListParams(TENANT_LIST);
  const [creating, setCreating] = useState(false);
  const returnFocus = useReturnFocus(creating);
  const list = useQuery({ ...trpc.tenants.list.queryOptions(tenantListInput(params.committed)), placeholderData: keepPreviousData });
  const filtered = Boolean(params.search || params.filters.status);

  return (
    <div>
      <PageHeader
        title="Tenants"
        description="Every organisation on the platform, its plan and its activity."
        actions={
          <Button
            onClick={(e) => {
              returnFocus(e.currentTarget);
              setCreating(true);
            }}
          >
            New tenant
          </Button>
        }
      />

      <div className="mb-4 grid gap-3 md:grid-cols-[minmax(0,1fr)_12rem]">
        <ListSearch id="tenant-search" label="Search tenants" placeholder="Name or slug" params={params} />
        <Field id="tenant-status" label="Status">
          <Select id="tenant-status" value={params.filters.status} onChange={(e) => params.setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {TENANT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {list.error ? <Alert className="mb-4">The tenants could not be loaded: {errorMessage(list.error)}</Alert> : null}

      <DataList
        caption="Tenants"
        {...dataListState(list, params, 'tenants')}
        rowKey={(t) => t.id}
        columns={COLUMNS}
        card={(t) => <TenantCard tenant={t} />}
        sort={dataListSort(params, SORT_LABELS)}
        loadingText="Loading tenants…"
        empty={filtered ? 'No tenant matches these filters.' : 'No tenants yet. Create the first one.'}
      />

      <NewTenantDialog open={creating} onOpenChange={setCreating} />
    </div>
  );
}
