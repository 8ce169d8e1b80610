'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { GDPR_STATUSES, GDPR_TYPES } from '@/lib/enums';
import { formatDate } from '@/lib/format';
import { GDPR_LIST, gdprListInput } from '@/lib/list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { DataList, type DataColumn } from '@/components/ui/DataList';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { ListSearch } from '@/components/ui/ListSearch';
import { PageHeader } from '@/components/ui/PageHeader';
import { Select } from '@/components/ui/Select';
import { dataListSort, dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { STATUS_LABELS, STATUS_TONES, subjectLabel, TYPE_LABELS, URGENCY_LABELS, URGENCY_TONES, type GdprRequest } from './labels';
import { NewRequestDialog } from './NewRequestDialog';

type Sort = 'due' | 'received' | 'status';
const SORT_LABELS: Record<Sort, string> = { due: 'Due date', received: 'Received', status: 'Status' };
const muted = 'text-xs text-slate-500 dark:text-slate-400';

function DueCell({ request }: { request: GdprRequest }) {
  return (
    <span className="flex flex-col gap-0.5">
      <span className="whitespace-nowrap">{formatDate(request.effectiveDueAt)}</span>
      {request.urgency !== 'closed' ? (
        <span>
          <Badge tone={URGENCY_TONES[request.urgency]}>{URGENCY_LABELS[request.urgency]}</Badge>
          {request.extendedDueAt ? <span className={`ml-1 ${muted}`}>extended</span> : null}
        </span>
      ) : null}
    </span>
  );
}

/** The figures above the list: what is open, late and close; each filters the list. */
function Summary({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.gdpr.summary.queryOptions());
  if (!summary.data) return null;
  const figures = [
    { label: 'Open', value: summary.data.open, href: `/t/${slug}/gdpr?status=open` },
    { label: 'Overdue', value: summary.data.overdue, href: `/t/${slug}/gdpr?due=overdue`, alert: summary.data.overdue > 0 },
    { label: 'Due within 7 days', value: summary.data.dueSoon, href: `/t/${slug}/gdpr?due=due_soon` },
  ];
  return (
    <dl className="mb-4 grid grid-cols-3 gap-3">
      {figures.map((f) => (
        <div key={f.label} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
          <dt className={muted}>{f.label}</dt>
          <dd className={`text-2xl font-semibold tabular-nums ${f.alert ? 'text-red-700 dark:text-red-400' : ''}`}>
            <Link href={f.href} className="hover:underline focus-visible:underline">
              {f.value}
              <span className="sr-only"> — show them</span>
            </Link>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Data subject requests with the legal clock: open ones by due date first, overdue ones marked,
 * paged, sorted and filtered on the server.
 */
export function GdprRequests({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const params = useListParams(GDPR_LIST);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ ...trpc.gdpr.list.queryOptions(gdprListInput(params.committed)), placeholderData: keepPreviousData });
  const filtered = Boolean(params.search || params.filters.status || params.filters.type || params.filters.due);
  const href = (r: GdprRequest) => `/t/${slug}/gdpr/${r.id}`;

  const columns: Array<DataColumn<GdprRequest, Sort>> = [
    {
      id: 'subject',
      header: 'Person',
      className: 'max-w-64',
      cell: (r) => (
        <Link href={href(r)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          <span className="block truncate">{subjectLabel(r)}</span>
        </Link>
      ),
    },
    { id: 'type', header: 'Type', cell: (r) => TYPE_LABELS[r.type] },
    {
      id: 'status',
      header: 'Status',
      sort: 'status',
      cell: (r) => <Badge tone={STATUS_TONES[r.status]}>{STATUS_LABELS[r.status]}</Badge>,
    },
    {
      id: 'received',
      header: 'Received',
      sort: 'received',
      className: 'whitespace-nowrap',
      cell: (r) => <When at={r.receivedAt} format="date" />,
    },
    { id: 'due', header: 'Due', sort: 'due', cell: (r) => <DueCell request={r} /> },
    {
      id: 'channel',
      header: 'Filed by',
      className: 'max-w-40 truncate',
      cell: (r) => (r.channel === 'self' ? 'The person' : (r.filedByEmail ?? 'An admin')),
    },
  ];

  return (
    <div>
      <PageHeader
        title="GDPR requests"
        description="Requests from people about their personal data. Each is due one calendar month after it was received; verify the person, approve, and the console does the export or the erasure."
        actions={<Button onClick={() => setCreating(true)}>New request</Button>}
      />
      <Summary slug={slug} />

      <div className="mb-4 grid gap-3 md:grid-cols-[minmax(0,1fr)_12rem_12rem_12rem]">
        <ListSearch id="gdpr-search" label="Search requests" placeholder="Name or e-mail" params={params} />
        <Field id="gdpr-status" label="Status">
          <Select id="gdpr-status" value={params.filters.status} onChange={(e) => params.setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            <option value="open">Open (not answered yet)</option>
            {GDPR_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="gdpr-type" label="Type">
          <Select id="gdpr-type" value={params.filters.type} onChange={(e) => params.setFilter('type', e.target.value)}>
            <option value="">All types</option>
            {GDPR_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="gdpr-due" label="Due">
          <Select id="gdpr-due" value={params.filters.due} onChange={(e) => params.setFilter('due', e.target.value)}>
            <option value="">Any due date</option>
            <option value="overdue">Overdue</option>
            <option value="due_soon">Due within 7 days</option>
          </Select>
        </Field>
      </div>

      {list.error ? <Alert className="mb-4">The requests could not be loaded: {errorMessage(list.error)}</Alert> : null}

      <DataList
        caption="Data subject requests"
        {...dataListState(list, params, 'requests')}
        sort={dataListSort(params, SORT_LABELS)}
        rowKey={(r) => r.id}
        columns={columns}
        loadingText="Loading requests…"
        empty={
          filtered
            ? 'No request matches these filters.'
            : 'No request yet. When someone asks about their data, record it here with “New request”.'
        }
        card={(r) => (
          <Link href={href(r)} className="block">
            <span className="flex items-start justify-between gap-2">
              <span className="truncate text-sm font-medium">{subjectLabel(r)}</span>
              <Badge tone={STATUS_TONES[r.status]}>{STATUS_LABELS[r.status]}</Badge>
            </span>
            <span className={`mt-1 block ${muted}`}>
              {TYPE_LABELS[r.type]} · received {formatDate(r.receivedAt)} · due {formatDate(r.effectiveDueAt)}
            </span>
            {r.urgency === 'overdue' || r.urgency === 'due_soon' ? (
              <span className="mt-1 block">
                <Badge tone={URGENCY_TONES[r.urgency]}>{URGENCY_LABELS[r.urgency]}</Badge>
              </span>
            ) : null}
          </Link>
        )}
      />

      <NewRequestDialog slug={slug} open={creating} onOpenChange={setCreating} />
    </div>
  );
}
