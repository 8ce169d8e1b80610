'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState, type ReactNode } from 'react';
import { MAIL_STATUSES } from '@/lib/enums';
import { formatDateTime } from '@/lib/format';
import { OUTBOX_LIST, outboxListInput } from '@/lib/list-specs';
import type { AppRouter } from '@/server/trpc/root';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { DataList, type DataColumn } from '@/components/ui/DataList';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { useReturnFocus } from '@/components/ui/hooks';
import { ListSearch } from '@/components/ui/ListSearch';
import { PageHeader } from '@/components/ui/PageHeader';
import { Select } from '@/components/ui/Select';
import { dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';

type OutboxEntry = inferRouterOutputs<AppRouter>['mail']['outbox']['items'][number];
type MailStatus = OutboxEntry['status'];

const STATUS_LABELS: Record<MailStatus, string> = { queued: 'Sending', sent: 'Sent', failed: 'Failed', held: 'Not sent' };
const STATUS_FILTERS: Record<MailStatus, string> = { ...STATUS_LABELS, held: 'Not sent (e-mail off)' };
const STATUS_TONES: Record<MailStatus, Tone> = { queued: 'info', sent: 'success', failed: 'danger', held: 'warning' };
const KIND_LABELS: Record<string, string> = { invite: 'Invitation', password_reset: 'Password reset' };

const muted = 'text-xs text-slate-500 dark:text-slate-400';
const kindOf = (entry: OutboxEntry) => KIND_LABELS[entry.kind] ?? entry.kind;
const StatusBadge = ({ entry }: { entry: OutboxEntry }) => (
  <span title={entry.status === 'held' ? 'E-mail is not configured (SMTP_URL): kept here only.' : (entry.error ?? undefined)}>
    <Badge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</Badge>
  </span>
);

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 border-b border-slate-100 py-2 sm:grid-cols-[8rem_minmax(0,1fr)] dark:border-slate-800">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** One message as it was sent (or kept): the plain-text body, links included, never rendered HTML. */
function MessageDetails({ entry }: { entry: OutboxEntry }) {
  return (
    <div className="text-sm">
      <dl>
        <Row label="Time">{formatDateTime(entry.createdAt)}</Row>
        <Row label="To">{entry.recipient}</Row>
        <Row label="Workspace">{entry.tenant ? `${entry.tenant.name} (${entry.tenant.slug})` : 'Platform'}</Row>
        <Row label="Kind">{kindOf(entry)}</Row>
        <Row label="Status">
          <StatusBadge entry={entry} />
          {entry.sentAt ? <span className={`ml-2 ${muted}`}>at {formatDateTime(entry.sentAt)}</span> : null}
        </Row>
        {entry.error ? <Row label="Error">{entry.error}</Row> : null}
        <Row label="Subject">{entry.subject}</Row>
      </dl>
      <h3 className="mt-4 mb-2 font-medium">Message</h3>
      <pre
        tabIndex={0}
        aria-label="Message text"
        className="max-h-80 overflow-auto rounded-md bg-slate-100 p-3 font-mono text-xs break-words whitespace-pre-wrap dark:bg-slate-950"
      >
        {entry.textBody}
      </pre>
      <p className={`mt-2 ${muted}`}>Links work once, until they expire; a newer link for the same person replaces them.</p>
    </div>
  );
}

/**
 * Every e-mail the console sent or kept, newest first, paged on the server. Without SMTP this is
 * where invitations and reset links wait for a superadmin to pass them on.
 */
export function Outbox() {
  const trpc = useTRPC();
  const params = useListParams(OUTBOX_LIST);
  const [selected, setSelected] = useState<OutboxEntry | null>(null);
  const returnFocus = useReturnFocus(selected !== null);
  const list = useQuery({ ...trpc.mail.outbox.queryOptions(outboxListInput(params.committed)), placeholderData: keepPreviousData });
  const filtered = Boolean(params.search || params.filters.status);

  const open = (entry: OutboxEntry, opener: HTMLElement | null) => {
    returnFocus(opener);
    setSelected(entry);
  };

  const columns: Array<DataColumn<OutboxEntry, never>> = [
    { id: 'time', header: 'Time', className: 'whitespace-nowrap', cell: (e) => <When at={e.createdAt} /> },
    {
      id: 'tenant',
      header: 'Workspace',
      cell: (e) => (e.tenant ? <span className="font-mono text-xs">{e.tenant.slug}</span> : <span className={muted}>Platform</span>),
    },
    { id: 'to', header: 'To', className: 'max-w-48 truncate', cell: (e) => <span title={e.recipient}>{e.recipient}</span> },
    { id: 'kind', header: 'Kind', className: 'whitespace-nowrap', cell: kindOf },
    { id: 'subject', header: 'Subject', className: 'max-w-56 truncate', cell: (e) => <span title={e.subject}>{e.subject}</span> },
    { id: 'status', header: 'Status', cell: (e) => <StatusBadge entry={e} /> },
    {
      id: 'open',
      header: <span className="sr-only">Message</span>,
      className: 'text-right',
      cell: (e) => (
        <Button
          variant="ghost"
          className="min-h-8 px-2 py-1"
          onClick={(event) => {
            event.stopPropagation();
            open(e, event.currentTarget);
          }}
        >
          View<span className="sr-only"> the message to {e.recipient}</span>
        </Button>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title="Outbox"
        description="Every e-mail the console sent, with how delivery went. Without SMTP_URL nothing leaves the console: invitations and reset links wait here to be passed on. Their links sign people in, so treat them as secrets."
      />

      <div className="mb-4 grid gap-3 md:grid-cols-[minmax(0,1fr)_14rem]">
        <ListSearch id="outbox-search" label="Search messages" placeholder="Recipient, subject or workspace" params={params} />
        <Field id="outbox-status" label="Status">
          <Select id="outbox-status" value={params.filters.status} onChange={(e) => params.setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {MAIL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_FILTERS[s]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      {list.error ? <Alert className="mb-4">The outbox could not be loaded: {errorMessage(list.error)}</Alert> : null}

      <DataList
        caption="E-mail messages, newest first"
        {...dataListState(list, params, 'messages')}
        rowKey={(e) => e.id}
        columns={columns}
        density="compact"
        loadingText="Loading the outbox…"
        empty={filtered ? 'No message matches these filters.' : 'No e-mail yet.'}
        rowProps={(entry) => ({ className: 'cursor-pointer', onClick: (e) => open(entry, e.currentTarget.querySelector('button')) })}
        card={(entry) => (
          <button type="button" onClick={(e) => open(entry, e.currentTarget)} className="block w-full text-left">
            <span className="flex items-start justify-between gap-2">
              <span className="truncate text-sm font-medium">{entry.recipient}</span>
              <StatusBadge entry={entry} />
            </span>
            <span className="mt-1 block truncate text-sm">{entry.subject}</span>
            <span className={`mt-0.5 block ${muted}`}>
              {formatDateTime(entry.createdAt)} · {kindOf(entry)}
              {entry.tenant ? ` · ${entry.tenant.slug}` : ''}
            </span>
          </button>
        )}
      />

      <Dialog
        open={selected !== null}
        onOpenChange={(isOpen) => {
          if (!isOpen) setSelected(null);
        }}
        title={selected ? `${kindOf(selected)} to ${selected.recipient}` : 'Message'}
        wide
      >
        {selected ? <MessageDetails entry={selected} /> : null}
      </Dialog>
    </div>
  );
}
