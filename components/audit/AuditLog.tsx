'use client';

import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AUDIT_LIST, auditFilters, auditListInput } from '@/lib/list-specs';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { DataList, type DataColumn } from '@/components/ui/DataList';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage, fieldError } from '@/components/ui/errors';
import { useReturnFocus } from '@/components/ui/hooks';
import { useListParams } from '@/components/ui/use-list-params';
import { ACTOR_TYPES, shorten, STATUS_LABELS, STATUS_TONES, type AuditEntry, type AuditScope } from './audit-labels';
import { AuditEntryDetails } from './AuditEntryDetails';
import { AuditFilters } from './AuditFilters';
import { AuditTools } from './AuditTools';

const muted = 'text-xs text-slate-500 dark:text-slate-400';
const StatusBadge = ({ entry }: { entry: AuditEntry }) => <Badge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</Badge>;

/**
 * An audit log with filters (kept in the URL), details, CSV export and chain verification. `scope`
 * picks the chain: the signed-in workspace's (`tenant`, needs audit:read) or the platform's
 * (`global`, superadmins).
 */
export function AuditLog({ scope }: { scope: AuditScope }) {
  const trpc = useTRPC();
  const params = useListParams(AUDIT_LIST);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const returnFocus = useReturnFocus(selected !== null);

  const input = auditListInput(params.committed);
  const dateError = input === null ? 'The end date must be on or after the start date.' : null;
  // Both chains' hooks are always called (rules of hooks); the other scope's stays idle.
  const tenantList = useQuery({
    ...trpc.audit.list.queryOptions(scope === 'tenant' && input ? input : skipToken),
    placeholderData: keepPreviousData,
  });
  const globalList = useQuery({
    ...trpc.audit.listGlobal.queryOptions(scope === 'global' && input ? input : skipToken),
    placeholderData: keepPreviousData,
  });
  const list = scope === 'global' ? globalList : tenantList;
  const filters = auditFilters(params.committed);
  const filtered = Object.keys(filters).length > 0;
  const toError = dateError ?? fieldError(list.error, 'to');

  const open = (entry: AuditEntry, opener: HTMLElement | null) => {
    returnFocus(opener);
    setSelected(entry);
  };

  const columns: Array<DataColumn<AuditEntry, never>> = [
    {
      id: 'time',
      header: 'Time',
      className: 'whitespace-nowrap',
      cell: (entry) => <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt)}</time>,
    },
    {
      id: 'actor',
      header: 'Actor',
      className: 'max-w-56',
      cell: (entry) => (
        <>
          <span className="block truncate" title={entry.actorLabel ?? undefined}>
            {entry.actorLabel ?? '—'}
          </span>
          <span className={muted}>{ACTOR_TYPES[entry.actorType]}</span>
        </>
      ),
    },
    { id: 'action', header: 'Action', className: 'font-mono text-xs whitespace-nowrap', cell: (entry) => entry.action },
    {
      id: 'resource',
      header: 'Resource',
      className: 'whitespace-nowrap',
      cell: (entry) => (
        <>
          {entry.resourceType ?? '—'}
          {entry.resourceId ? (
            <span className={`block font-mono ${muted}`} title={entry.resourceId}>
              {shorten(entry.resourceId)}
            </span>
          ) : null}
        </>
      ),
    },
    { id: 'status', header: 'Status', cell: (entry) => <StatusBadge entry={entry} /> },
    { id: 'ip', header: 'IP address', className: 'font-mono text-xs whitespace-nowrap', cell: (entry) => entry.ipAddress ?? '—' },
    {
      id: 'details',
      header: <span className="sr-only">Details</span>,
      className: 'text-right',
      cell: (entry) => (
        <Button
          variant="ghost"
          className="min-h-8 px-2 py-1"
          onClick={(e) => {
            e.stopPropagation();
            open(entry, e.currentTarget);
          }}
        >
          Details<span className="sr-only"> of entry #{entry.seq}</span>
        </Button>
      ),
    },
  ];

  return (
    <div className="space-y-4">
      <AuditFilters scope={scope} params={params} toError={toError} />
      <AuditTools scope={scope} filters={filters} disabled={Boolean(dateError)} filtered={filtered} onClear={params.clear} />

      {list.error && !toError ? <Alert>The audit log could not be loaded: {errorMessage(list.error)}</Alert> : null}

      <DataList
        caption="Audit log entries, newest first"
        items={dateError ? [] : list.data?.items}
        rowKey={(entry) => entry.id}
        columns={columns}
        pending={!dateError && list.isPending}
        busy={list.isFetching || params.navigating}
        stale={list.isPlaceholderData || params.navigating}
        loadingText="Loading the audit log…"
        empty={dateError ? 'Fix the dates to see entries.' : filtered ? 'No entry matches these filters.' : 'No entries yet.'}
        pagination={
          list.data && !dateError
            ? { page: list.data.page, pageSize: list.data.pageSize, total: list.data.total, onPage: params.setPage, label: 'entries' }
            : null
        }
        rowProps={(entry) => ({
          className: 'cursor-pointer',
          onClick: (e) => open(entry, e.currentTarget.querySelector('button')),
        })}
        card={(entry) => (
          // Phones: the whole card opens the entry's details.
          <button type="button" onClick={(e) => open(entry, e.currentTarget)} className="block w-full text-left">
            <span className="flex items-start justify-between gap-2">
              <span className="font-mono text-xs break-all">{entry.action}</span>
              <StatusBadge entry={entry} />
            </span>
            <span className="mt-1 block truncate text-sm">
              {entry.actorLabel ?? '—'} <span className={muted}>({ACTOR_TYPES[entry.actorType]})</span>
            </span>
            <span className={`mt-0.5 block ${muted}`}>
              {formatDateTime(entry.createdAt)}
              {entry.resourceType ? ` · ${entry.resourceType} ${shorten(entry.resourceId)}` : ''}
            </span>
          </button>
        )}
      />

      <Dialog
        open={selected !== null}
        onOpenChange={(isOpen) => {
          if (!isOpen) setSelected(null);
        }}
        title={selected ? `Audit entry #${selected.seq}` : 'Audit entry'}
        wide
      >
        {selected ? <AuditEntryDetails entry={selected} /> : null}
      </Dialog>
    </div>
  );
}
