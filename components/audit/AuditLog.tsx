'use client';

import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState, type ReactNode } from 'react';
import { AUDIT_STATUSES } from '@/lib/enums';
import { useDebounced, useIsNarrow, useReturnFocus } from '@/components/ui/hooks';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage, fieldError } from '@/components/ui/errors';
import { formatDateTime, formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { Pagination } from '@/components/ui/Pagination';
import { Select } from '@/components/ui/Select';
import { EmptyRow, Table, Td, Th, Tr } from '@/components/ui/Table';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
export type AuditEntry = Outputs['audit']['list']['items'][number];
type AuditStatus = AuditEntry['status'];
type Filters = {
  actor?: string;
  action?: string;
  resourceType?: string;
  status?: AuditStatus;
  from?: Date;
  to?: Date;
};

const PAGE_SIZE = 25;

const STATUS_TONES: Record<AuditStatus, Tone> = { success: 'success', denied: 'warning', error: 'danger' };
const STATUS_LABELS: Record<AuditStatus, string> = { success: 'Success', denied: 'Denied', error: 'Error' };
const ACTOR_TYPES: Record<AuditEntry['actorType'], string> = {
  user: 'User',
  superadmin: 'Superadmin',
  api_key: 'API key',
  system: 'System',
};

/** "2026-03-04" from a date input, as local midnight of that day (plus `days`). */
function dayStart(value: string, days = 0): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
}

function shorten(id: string | null): string {
  if (!id) return '—';
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

function download(filename: string, text: string) {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const labelClass = 'block text-sm font-medium text-slate-700 dark:text-slate-200';
const alertClass = 'rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200';

/**
 * An audit log with filters, details, CSV export and chain verification. `scope` picks the chain:
 * the signed-in workspace's (`tenant`, needs audit:read) or the platform's (`global`, superadmins).
 */
export function AuditLog({ scope }: { scope: 'tenant' | 'global' }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [actorText, setActorText] = useState('');
  const actor = useDebounced(actorText.trim(), 300);
  const [action, setAction] = useState('');
  const [resourceType, setResourceType] = useState('');
  const [status, setStatus] = useState<AuditStatus | ''>('');
  const [fromDate, setFromDate] = useState('');
  const [toDate, setToDate] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const narrow = useIsNarrow();
  const returnFocus = useReturnFocus(selected !== null);

  // A new actor search starts on the first page; reset while rendering rather than in an effect.
  const [pagedActor, setPagedActor] = useState(actor);
  if (pagedActor !== actor) {
    setPagedActor(actor);
    setPage(1);
  }

  const from = dayStart(fromDate);
  // The end date is inclusive for people and exclusive for the API: the day after, at midnight.
  const to = dayStart(toDate, 1);
  const dateError = from && to && from >= to ? 'The end date must be on or after the start date.' : null;
  const filters: Filters = {
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(resourceType ? { resourceType } : {}),
    ...(status ? { status } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const filtered = Object.keys(filters).length > 0;
  const listInput = dateError ? skipToken : { page, pageSize: PAGE_SIZE, ...filters };

  // Both chains' hooks are always called (rules of hooks); the other scope's stays idle.
  const tenantList = useQuery({
    ...trpc.audit.list.queryOptions(scope === 'tenant' ? listInput : skipToken),
    placeholderData: keepPreviousData,
  });
  const globalList = useQuery({
    ...trpc.audit.listGlobal.queryOptions(scope === 'global' ? listInput : skipToken),
    placeholderData: keepPreviousData,
  });
  const list = scope === 'global' ? globalList : tenantList;
  const tenantFacets = useQuery(trpc.audit.facets.queryOptions(scope === 'tenant' ? undefined : skipToken));
  const globalFacets = useQuery(trpc.audit.facetsGlobal.queryOptions(scope === 'global' ? undefined : skipToken));
  const facets = scope === 'global' ? globalFacets : tenantFacets;

  const exportCsv = useMutation({
    mutationFn: () =>
      scope === 'global'
        ? queryClient.fetchQuery({ ...trpc.audit.exportGlobal.queryOptions(filters), staleTime: 0 })
        : queryClient.fetchQuery({ ...trpc.audit.export.queryOptions(filters), staleTime: 0 }),
    onSuccess: (result) => download(result.filename, result.csv),
  });
  const verify = useMutation({
    mutationFn: () =>
      scope === 'global'
        ? queryClient.fetchQuery({ ...trpc.audit.verifyGlobal.queryOptions(), staleTime: 0 })
        : queryClient.fetchQuery({ ...trpc.audit.verify.queryOptions(), staleTime: 0 }),
  });

  function update(set: () => void) {
    set();
    setPage(1);
    exportCsv.reset();
  }

  function clearFilters() {
    setActorText('');
    setAction('');
    setResourceType('');
    setStatus('');
    setFromDate('');
    setToDate('');
    setPage(1);
    exportCsv.reset();
  }

  const toError = dateError ?? fieldError(list.error, 'to');
  const items = list.data?.items ?? [];
  const actions = facets.data?.actions ?? [];
  const resourceTypes = facets.data?.resourceTypes ?? [];

  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => e.preventDefault()}
        className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4"
      >
        <div className="col-span-2 space-y-1 sm:col-span-3 lg:col-span-2">
          <label htmlFor="audit-actor" className={labelClass}>
            Actor
          </label>
          <Input
            id="audit-actor"
            type="search"
            placeholder="Email, name or id"
            value={actorText}
            onChange={(e) => setActorText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="col-span-2 space-y-1 sm:col-span-1">
          <label htmlFor="audit-action" className={labelClass}>
            Action
          </label>
          <Select id="audit-action" value={action} onChange={(e) => update(() => setAction(e.target.value))}>
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-resource-type" className={labelClass}>
            Resource type
          </label>
          <Select id="audit-resource-type" value={resourceType} onChange={(e) => update(() => setResourceType(e.target.value))}>
            <option value="">All types</option>
            {resourceTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-status" className={labelClass}>
            Status
          </label>
          <Select id="audit-status" value={status} onChange={(e) => update(() => setStatus(e.target.value as AuditStatus | ''))}>
            <option value="">All statuses</option>
            {AUDIT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-from" className={labelClass}>
            From
          </label>
          <Input id="audit-from" type="date" value={fromDate} max={toDate || undefined} onChange={(e) => update(() => setFromDate(e.target.value))} />
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-to" className={labelClass}>
            To (inclusive)
          </label>
          <Input
            id="audit-to"
            type="date"
            value={toDate}
            min={fromDate || undefined}
            onChange={(e) => update(() => setToDate(e.target.value))}
            aria-invalid={toError ? true : undefined}
            aria-describedby={toError ? 'audit-to-error' : undefined}
          />
        </div>
        {toError ? (
          <p id="audit-to-error" role="alert" className="col-span-full text-sm text-red-600 dark:text-red-400">
            {toError}
          </p>
        ) : null}
        {facets.error ? (
          <p role="alert" className="col-span-full text-sm text-red-600 dark:text-red-400">
            The action and resource type lists could not be loaded: {errorMessage(facets.error)}
          </p>
        ) : null}
      </form>

      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending || Boolean(dateError)}>
          {exportCsv.isPending ? 'Exporting…' : 'Export CSV'}
        </Button>
        <Button variant="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </Button>
        {filtered ? (
          <Button variant="ghost" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>

      <div aria-live="polite" className="space-y-2 empty:hidden">
        {exportCsv.error ? <p className={alertClass}>The export failed: {errorMessage(exportCsv.error)}</p> : null}
        {exportCsv.data ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Exported {formatNumber(exportCsv.data.rows)} {exportCsv.data.rows === 1 ? 'entry' : 'entries'} to{' '}
            <span className="font-mono text-xs">{exportCsv.data.filename}</span>.
            {exportCsv.data.truncated ? (
              <strong className="mt-1 block font-medium text-amber-800 dark:text-amber-300">
                The export stopped at {formatNumber(exportCsv.data.rows)} entries; narrow the filters (for example by date) to export the rest.
              </strong>
            ) : null}
          </p>
        ) : null}
        {verify.error ? <p className={alertClass}>The chain could not be verified: {errorMessage(verify.error)}</p> : null}
        {verify.data ? (
          verify.data.intact ? (
            <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
              Intact: {formatNumber(verify.data.checked)} {verify.data.checked === 1 ? 'entry' : 'entries'} checked.
            </p>
          ) : (
            <p className={alertClass}>
              Broken at entry #{verify.data.brokenAt.seq} ({verify.data.brokenAt.action}, {formatDateTime(verify.data.brokenAt.createdAt)}):
              that entry or one before it was changed, inserted or removed. {formatNumber(verify.data.checked)} entries before it are intact.
            </p>
          )
        ) : null}
      </div>

      {list.error && !toError ? <p role="alert" className={alertClass}>The audit log could not be loaded: {errorMessage(list.error)}</p> : null}

      {narrow ? (
        <EntryCards
          items={dateError ? [] : items}
          onOpen={(entry, opener) => {
            returnFocus(opener);
            setSelected(entry);
          }}
          empty={
            dateError
              ? 'Fix the dates to see entries.'
              : list.isPending
                ? 'Loading the audit log…'
                : filtered
                  ? 'No entry matches these filters.'
                  : 'No entries yet.'
          }
          stale={list.isPlaceholderData}
        />
      ) : (
        <Table
            caption="Audit log entries, newest first"
            // relative: keeps the screen-reader-only labels inside the scrolling box.
            className={list.isPlaceholderData ? 'relative opacity-60 transition-opacity' : 'relative'}
          >
          <thead>
            <tr>
              <Th>Time</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Resource</Th>
              <Th>Status</Th>
              <Th>IP address</Th>
              <Th>
                <span className="sr-only">Details</span>
              </Th>
            </tr>
          </thead>
          <tbody aria-busy={list.isFetching}>
            {dateError ? (
              <EmptyRow colSpan={7}>Fix the dates to see entries.</EmptyRow>
            ) : list.isPending ? (
              <EmptyRow colSpan={7}>Loading the audit log…</EmptyRow>
            ) : items.length === 0 ? (
              <EmptyRow colSpan={7}>{filtered ? 'No entry matches these filters.' : 'No entries yet.'}</EmptyRow>
            ) : (
              items.map((entry) => (
                <Tr
                    key={entry.id}
                    className="cursor-pointer"
                    onClick={(e) => {
                      returnFocus(e.currentTarget.querySelector('button'));
                      setSelected(entry);
                    }}
                  >
                  <Td className="whitespace-nowrap">
                    <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt)}</time>
                  </Td>
                  <Td className="max-w-56">
                    <span className="block truncate" title={entry.actorLabel ?? undefined}>
                      {entry.actorLabel ?? '—'}
                    </span>
                    <span className="text-xs text-slate-500 dark:text-slate-400">{ACTOR_TYPES[entry.actorType]}</span>
                  </Td>
                  <Td className="font-mono text-xs whitespace-nowrap">{entry.action}</Td>
                  <Td className="whitespace-nowrap">
                    {entry.resourceType ?? '—'}
                    {entry.resourceId ? (
                      <span className="block font-mono text-xs text-slate-500 dark:text-slate-400" title={entry.resourceId}>
                        {shorten(entry.resourceId)}
                      </span>
                    ) : null}
                  </Td>
                  <Td>
                    <Badge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</Badge>
                  </Td>
                  <Td className="font-mono text-xs whitespace-nowrap">{entry.ipAddress ?? '—'}</Td>
                  <Td className="text-right">
                    <Button
                      variant="ghost"
                      className="min-h-8 px-2 py-1"
                      onClick={(e) => {
                        e.stopPropagation();
                        returnFocus(e.currentTarget);
                        setSelected(entry);
                      }}
                    >
                      Details<span className="sr-only"> of entry #{entry.seq}</span>
                    </Button>
                  </Td>
                </Tr>
              ))
            )}
          </tbody>
        </Table>
      )}

      {list.data && !dateError ? (
        <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} label="entries" />
      ) : null}

      <Dialog
        open={selected !== null}
        onOpenChange={(open) => {
          if (!open) {
            setSelected(null);
          }
        }}
        title={selected ? `Audit entry #${selected.seq}` : 'Audit entry'}
        wide
      >
        {selected ? <EntryDetails entry={selected} /> : null}
      </Dialog>
    </div>
  );
}

/** Phones: one card per entry, each a button that opens its details. */
function EntryCards({
  items,
  empty,
  stale,
  onOpen,
}: {
  items: AuditEntry[];
  empty: string;
  stale: boolean;
  onOpen: (entry: AuditEntry, opener: HTMLElement) => void;
}) {
  const box = 'rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900';
  if (items.length === 0) return <p className={`${box} text-center text-sm text-slate-500 dark:text-slate-400`}>{empty}</p>;
  return (
    <ul aria-label="Audit log entries, newest first" className={`space-y-2 ${stale ? 'opacity-60 transition-opacity' : ''}`}>
      {items.map((entry) => (
        <li key={entry.id}>
          <button
            type="button"
            onClick={(e) => onOpen(entry, e.currentTarget)}
            className={`${box} block w-full text-left hover:bg-slate-50 dark:hover:bg-slate-800/50`}
          >
            <span className="flex items-start justify-between gap-2">
              <span className="font-mono text-xs break-all">{entry.action}</span>
              <Badge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</Badge>
            </span>
            <span className="mt-1 block truncate text-sm">
              {entry.actorLabel ?? '—'} <span className="text-xs text-slate-500 dark:text-slate-400">({ACTOR_TYPES[entry.actorType]})</span>
            </span>
            <span className="mt-0.5 block text-xs text-slate-500 dark:text-slate-400">
              {formatDateTime(entry.createdAt)}
              {entry.resourceType ? ` · ${entry.resourceType} ${shorten(entry.resourceId)}` : ''}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function Row({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="grid gap-1 border-b border-slate-100 py-2 sm:grid-cols-[10rem_minmax(0,1fr)] dark:border-slate-800">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className={mono ? 'font-mono text-xs break-all' : 'break-words'}>{children ?? '—'}</dd>
    </div>
  );
}

function EntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <div className="text-sm">
      <dl>
        <Row label="Time">
          {formatDateTime(entry.createdAt)} <span className="text-xs text-slate-500 dark:text-slate-400">({entry.createdAt.toISOString()})</span>
        </Row>
        <Row label="Action" mono>
          {entry.action}
        </Row>
        <Row label="Status">
          <Badge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</Badge>
        </Row>
        <Row label="Actor">
          {entry.actorLabel ?? '—'} ({ACTOR_TYPES[entry.actorType]})
        </Row>
        <Row label="Actor id" mono>
          {entry.actorId}
        </Row>
        <Row label="Resource type">{entry.resourceType}</Row>
        <Row label="Resource id" mono>
          {entry.resourceId}
        </Row>
        <Row label="IP address" mono>
          {entry.ipAddress}
        </Row>
        <Row label="User agent" mono>
          {entry.userAgent}
        </Row>
        <Row label="Correlation id" mono>
          {entry.correlationId}
        </Row>
        <Row label="Entry id" mono>
          {entry.id}
        </Row>
      </dl>
      <h3 className="mt-4 mb-2 font-medium">Payload</h3>
      <pre
        tabIndex={0}
        aria-label="Payload as JSON"
        className="max-h-72 overflow-auto rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-950"
      >
        {JSON.stringify(entry.payload, null, 2)}
      </pre>
    </div>
  );
}
