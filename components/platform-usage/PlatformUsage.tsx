'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { formatBytes, formatNumber } from '@/lib/format';
import { PLATFORM_USAGE_LIST, platformUsageListInput } from '@/lib/list-specs';
import type { AppRouter } from '@/server/trpc/root';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { ListSearch } from '@/components/ui/ListSearch';
import { PageHeader } from '@/components/ui/PageHeader';
import { Select } from '@/components/ui/Select';
import { dataListSort, dataListState, useListParams } from '@/components/ui/use-list-params';
import { STATUS_LABELS, STATUS_TONES } from '@/components/tenants/tenant-helpers';
import { formatGrowth, formatUsd } from './usage-format';

type Row = inferRouterOutputs<AppRouter>['platformUsage']['tenants']['items'][number];
type Sort = 'tokens' | 'cost' | 'storage' | 'growth' | 'name';

const SORT_LABELS: Record<Sort, string> = { tokens: 'Tokens', cost: 'Cost', storage: 'Storage', growth: 'Growth', name: 'Name' };
const RANGES = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
];
const muted = 'text-xs text-slate-500 dark:text-slate-400';
const numeric = { headerClassName: 'text-right', className: 'text-right whitespace-nowrap tabular-nums' };

function TenantName({ row }: { row: Row }) {
  return (
    <>
      <Link href={`/admin/tenants/${row.id}`} className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300">
        {row.name}
      </Link>
      <p className={`font-mono ${muted}`}>
        {row.slug}
        {row.status !== 'active' ? (
          <Badge tone={STATUS_TONES[row.status]} className="ml-2">
            {STATUS_LABELS[row.status]}
          </Badge>
        ) : null}
      </p>
    </>
  );
}

/** The cost of the priced events, and how many had no price (their cost is unknown, not $0). */
function Cost({ row }: { row: Row }) {
  return (
    <>
      {formatUsd(row.costUsd)}
      {row.unpricedEvents > 0 ? (
        <p
          className="text-xs text-amber-700 dark:text-amber-400"
          title="Events of models without a price: their cost is unknown, not zero."
        >
          + {formatNumber(row.unpricedEvents)} unpriced
        </p>
      ) : null}
    </>
  );
}

const COLUMNS: Array<DataColumn<Row, Sort>> = [
  { id: 'name', header: 'Tenant', sort: 'name', className: 'min-w-40', cell: (r) => <TenantName row={r} /> },
  { id: 'tokens', header: 'Tokens', sort: 'tokens', ...numeric, cell: (r) => formatNumber(r.tokens) },
  { id: 'cost', header: 'Cost', sort: 'cost', ...numeric, cell: (r) => <Cost row={r} /> },
  { id: 'requests', header: 'Requests', ...numeric, cell: (r) => formatNumber(r.requests) },
  { id: 'storage', header: 'Storage now', sort: 'storage', ...numeric, cell: (r) => formatBytes(r.storageBytes) },
  { id: 'growth', header: 'Growth', sort: 'growth', ...numeric, cell: (r) => formatGrowth(r.growthPercent) },
];

/**
 * Usage of every tenant over a range of days (UTC), from the daily rollups: sorted, searched and
 * paged on the server. Growth compares the tokens with the same number of days before.
 */
export function PlatformUsage() {
  const trpc = useTRPC();
  const params = useListParams(PLATFORM_USAGE_LIST);
  const input = platformUsageListInput(params.committed);
  const list = useQuery({ ...trpc.platformUsage.tenants.queryOptions(input), placeholderData: keepPreviousData });
  const range = list.data ? `${list.data.from} to ${list.data.to} (UTC days)` : '';

  return (
    <div>
      <PageHeader
        title="Usage across tenants"
        description={`Tokens (input and output), cost of priced usage, requests and growth over the range; storage is what each tenant stores now. ${range}`}
      />
      <div className="mb-4 grid gap-3 md:grid-cols-[minmax(0,1fr)_12rem]">
        <ListSearch id="usage-search" label="Search tenants" placeholder="Name or slug" params={params} />
        <Field id="usage-range" label="Range">
          <Select
            id="usage-range"
            value={String(input.days)}
            onChange={(e) => params.setFilter('days', e.target.value === '30' ? '' : e.target.value)}
          >
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {list.error ? <Alert className="mb-4">Usage could not be loaded: {errorMessage(list.error)}</Alert> : null}

      <DataList
        caption={`Usage per tenant, last ${input.days} days`}
        {...dataListState(list, params, 'tenants')}
        rowKey={(r) => r.id}
        columns={COLUMNS}
        sort={dataListSort(params, SORT_LABELS)}
        loadingText="Loading usage…"
        empty={params.search ? 'No tenant matches this search.' : 'No tenants yet.'}
        card={(r) => (
          <>
            <TenantName row={r} />
            <CardFacts
              facts={[
                ['Tokens', formatNumber(r.tokens)],
                ['Cost', <Cost key="cost" row={r} />],
                ['Requests', formatNumber(r.requests)],
                ['Storage now', formatBytes(r.storageBytes)],
                ['Growth', formatGrowth(r.growthPercent)],
              ]}
            />
          </>
        )}
      />
    </div>
  );
}
