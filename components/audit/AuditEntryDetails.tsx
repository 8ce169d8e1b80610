import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/Badge';
import { formatDateTime } from '@/lib/format';
import { ACTOR_TYPES, STATUS_LABELS, STATUS_TONES, type AuditEntry } from './audit-labels';

function Row({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="grid gap-1 border-b border-slate-100 py-2 sm:grid-cols-[10rem_minmax(0,1fr)] dark:border-slate-800">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className={mono ? 'font-mono text-xs break-all' : 'break-words'}>{children ?? '—'}</dd>
    </div>
  );
}

/** Everything one audit entry holds, for its details dialog. */
export function AuditEntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <div className="text-sm">
      <dl>
        <Row label="Time">
          {formatDateTime(entry.createdAt)}{' '}
          <span className="text-xs text-slate-500 dark:text-slate-400">({entry.createdAt.toISOString()})</span>
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
        {entry.actorName ? <Row label="Actor name">{entry.actorName}</Row> : null}
        <Row label="Actor id" mono>
          {entry.actorId}
        </Row>
        {entry.actorPseudonym ? (
          <Row label="Pseudonym" mono>
            {entry.actorPseudonym}
          </Row>
        ) : null}
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
