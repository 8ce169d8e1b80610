'use client';

import { formatDateTime } from '@/lib/format';
import { CertificatePanel } from './CertificatePanel';
import { ExportDownload } from './ExportDownload';
import type { GdprRequest } from './labels';

const muted = 'text-sm text-slate-500 dark:text-slate-400';

/** How a closed request ended: what the person gets, or why nothing was done. */
export function RequestOutcome({ request }: { request: GdprRequest }) {
  if (request.status === 'rejected') {
    return (
      <section aria-labelledby="outcome-heading" className="space-y-1">
        <h2 id="outcome-heading" className="font-semibold">
          Rejected
        </h2>
        <p className="text-sm whitespace-pre-wrap">{request.rejectionReason}</p>
      </section>
    );
  }
  if (request.status === 'cancelled') {
    return (
      <section aria-labelledby="outcome-heading" className="space-y-1">
        <h2 id="outcome-heading" className="font-semibold">
          Cancelled
        </h2>
        <p className={muted}>Closed {request.completedAt ? formatDateTime(request.completedAt) : ''} without action.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="outcome-heading" className="space-y-2">
      <h2 id="outcome-heading" className="font-semibold">
        Completed
      </h2>
      <p className={muted}>
        Answered {request.completedAt ? formatDateTime(request.completedAt) : ''}
        {request.completedAt && request.completedAt <= request.effectiveDueAt ? ', within the due date.' : '.'}
      </p>
      {request.type === 'access' || request.type === 'portability' ? (
        <ExportDownload requestId={request.id} status={request.status} progress={request.progress} sizeBytes={request.exportSizeBytes} />
      ) : null}
      {request.type === 'erasure' ? <CertificatePanel requestId={request.id} /> : null}
      {request.type === 'rectification' || request.type === 'restriction' ? (
        <p className="text-sm whitespace-pre-wrap">{request.notes}</p>
      ) : null}
    </section>
  );
}
