'use client';

import { Alert } from '@/components/ui/Alert';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { TENANT_STATUSES } from '@/lib/enums';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/components/ui/errors';
import { formatBytes, formatNumber } from '@/lib/format';
import { When } from '@/components/ui/When';
import { Input } from '@/components/ui/Input';
import { PageHeader } from '@/components/ui/PageHeader';
import { Pagination } from '@/components/ui/Pagination';
import { Select } from '@/components/ui/Select';
import { EmptyRow, SortableTh, Table, Td, Th, Tr } from '@/components/ui/Table';
import { useDebounced, useIsNarrow, useReturnFocus } from '@/components/ui/hooks';
import { NewTenantDialog } from './NewTenantDialog';
import {
  PLAN_LABELS,
  STATUS_LABELS,
  STATUS_TONES,
  type TenantListItem,
  type TenantSort,
  type TenantStatus,
} from './tenant-helpers';

const PAGE_SIZE = 20;

const COLUMNS: Array<{ sort: TenantSort; label: string; numeric?: boolean }> = [
  { sort: 'users', label: 'Users', numeric: true },
  { sort: 'documents', label: 'Documents', numeric: true },
  { sort: 'storage', label: 'Storage', numeric: true },
  { sort: 'tokens', label: 'Tokens this month', numeric: true },
  { sort: 'lastActivity', label: 'Last activity' },
];

const SORT_LABELS: Record<TenantSort, string> = {
  name: 'Name',
  created: 'Created',
  users: 'Users',
  documents: 'Documents',
  storage: 'Storage',
  tokens: 'Tokens this month',
  lastActivity: 'Last activity',
};

/** Every tenant of the platform: searched, filtered, sorted and paged on the server. */
export function TenantList() {
  const trpc = useTRPC();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [status, setStatus] = useState<TenantStatus | ''>('');
  const [sort, setSort] = useState<TenantSort>('created');
  const [dir, setDir] = useState<'asc' | 'desc'>('desc');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const narrow = useIsNarrow();
  const returnFocus = useReturnFocus(creating);

  // A new search starts on the first page; reset while rendering rather than in an effect.
  const [pagedSearch, setPagedSearch] = useState(search);
  if (pagedSearch !== search) {
    setPagedSearch(search);
    setPage(1);
  }

  const list = useQuery({
    ...trpc.tenants.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      sort,
      dir,
      search: search || undefined,
      status: status || undefined,
    }),
    placeholderData: keepPreviousData,
  });

  function sortBy(column: TenantSort) {
    if (column === sort) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setDir(column === 'name' ? 'asc' : 'desc');
    }
    setPage(1);
  }

  const items = list.data?.items ?? [];
  const filtered = Boolean(search || status);

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
        <div className="space-y-1">
          <label htmlFor="tenant-search" className="block text-sm font-medium text-slate-700 dark:text-slate-200">
            Search tenants
          </label>
          <Input
            id="tenant-search"
            type="search"
            placeholder="Name or slug"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="tenant-status" className="block text-sm font-medium text-slate-700 dark:text-slate-200">
            Status
          </label>
          <Select
            id="tenant-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as TenantStatus | '');
              setPage(1);
            }}
          >
            <option value="">All statuses</option>
            {TENANT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        {narrow ? (
          <div className="grid grid-cols-[minmax(0,1fr)_auto] items-end gap-2">
            <div className="space-y-1">
              <label htmlFor="tenant-sort" className="block text-sm font-medium text-slate-700 dark:text-slate-200">
                Sort by
              </label>
              <Select
                id="tenant-sort"
                value={sort}
                onChange={(e) => {
                  setSort(e.target.value as TenantSort);
                  setPage(1);
                }}
              >
                {(Object.keys(SORT_LABELS) as TenantSort[]).map((key) => (
                  <option key={key} value={key}>
                    {SORT_LABELS[key]}
                  </option>
                ))}
              </Select>
            </div>
            <Button
              variant="secondary"
              aria-label={dir === 'asc' ? 'Ascending order; switch to descending' : 'Descending order; switch to ascending'}
              onClick={() => {
                setDir(dir === 'asc' ? 'desc' : 'asc');
                setPage(1);
              }}
            >
              {dir === 'asc' ? '▲ Asc' : '▼ Desc'}
            </Button>
          </div>
        ) : null}
      </div>

      {list.error ? (
        <Alert className="mb-4">
          The tenants could not be loaded: {errorMessage(list.error)}
        </Alert>
      ) : null}

      {narrow ? (
        <TenantCards items={items} pending={list.isPending} stale={list.isPlaceholderData} filtered={filtered} />
      ) : (
        <Table caption="Tenants" className={list.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
          <thead>
            <tr>
              <SortableTh label="Name" active={sort === 'name'} dir={dir} onSort={() => sortBy('name')} />
              <Th>Status</Th>
              {COLUMNS.map((c) => (
                <SortableTh
                  key={c.sort}
                  label={c.label}
                  active={sort === c.sort}
                  dir={dir}
                  onSort={() => sortBy(c.sort)}
                  className={c.numeric ? 'text-right' : undefined}
                />
              ))}
              <SortableTh label="Created" active={sort === 'created'} dir={dir} onSort={() => sortBy('created')} />
            </tr>
          </thead>
          <tbody aria-busy={list.isFetching}>
            {list.isPending ? (
              <EmptyRow colSpan={8}>Loading tenants…</EmptyRow>
            ) : items.length === 0 ? (
              <EmptyRow colSpan={8}>{filtered ? 'No tenant matches these filters.' : 'No tenants yet. Create the first one.'}</EmptyRow>
            ) : (
              items.map((t) => (
                <Tr key={t.id}>
                  <Td className="min-w-40">
                    <Link
                      href={`/admin/tenants/${t.id}`}
                      className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {t.name}
                    </Link>
                    <p className="font-mono text-xs text-slate-500 dark:text-slate-400">{t.slug}</p>
                  </Td>
                  <Td>
                    <Badge tone={STATUS_TONES[t.status]}>{STATUS_LABELS[t.status]}</Badge>
                    <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{PLAN_LABELS[t.plan]} plan</p>
                  </Td>
                  <Td className="text-right tabular-nums">{formatNumber(t.users)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(t.documents)}</Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">{formatBytes(t.storageBytes)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(t.tokensThisMonth)}</Td>
                  <Td className="whitespace-nowrap">
                    <When at={t.lastActivityAt} empty="Never" />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <When at={t.createdAt} empty="Never" />
                  </Td>
                </Tr>
              ))
            )}
          </tbody>
        </Table>
      )}

      {list.data ? (
        <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} label="tenants" />
      ) : null}

      <NewTenantDialog
        open={creating}
onOpenChange={setCreating}
      />
    </div>
  );
}

/** Phones: one card per tenant instead of a wide table. */
function TenantCards({
  items,
  pending,
  stale,
  filtered,
}: {
  items: TenantListItem[];
  pending: boolean;
  stale: boolean;
  filtered: boolean;
}) {
  const box = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
  if (pending || items.length === 0) {
    return (
      <p className={`${box} text-center text-sm text-slate-500 dark:text-slate-400`}>
        {pending ? 'Loading tenants…' : filtered ? 'No tenant matches these filters.' : 'No tenants yet. Create the first one.'}
      </p>
    );
  }
  return (
    <ul aria-label="Tenants" className={`space-y-3 ${stale ? 'opacity-60 transition-opacity' : ''}`}>
      {items.map((t) => (
        <li key={t.id} className={box}>
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <Link href={`/admin/tenants/${t.id}`} className="font-medium break-words text-indigo-700 hover:underline dark:text-indigo-300">
                {t.name}
              </Link>
              <p className="font-mono text-xs text-slate-500 dark:text-slate-400">{t.slug}</p>
            </div>
            <div className="shrink-0 text-right">
              <Badge tone={STATUS_TONES[t.status]}>{STATUS_LABELS[t.status]}</Badge>
              <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{PLAN_LABELS[t.plan]} plan</p>
            </div>
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Users</dt>
            <dd className="text-right tabular-nums">{formatNumber(t.users)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Documents</dt>
            <dd className="text-right tabular-nums">{formatNumber(t.documents)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Storage</dt>
            <dd className="text-right tabular-nums">{formatBytes(t.storageBytes)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Tokens this month</dt>
            <dd className="text-right tabular-nums">{formatNumber(t.tokensThisMonth)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Last activity</dt>
            <dd className="text-right">
              <When at={t.lastActivityAt} empty="Never" />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
