'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate, formatDateTime } from '@/lib/format';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { errorMessage } from '@/components/ui/errors';
import { PageHeader } from '@/components/ui/PageHeader';
import { STATUS_LABELS, STATUS_TONES, TYPE_LABELS, type GdprRequest } from './labels';
import { OwnRequestResult } from './OwnRequestResult';

const muted = 'text-sm text-slate-500 dark:text-slate-400';

/** What the person is told about each state of their own request. */
function stateText(r: GdprRequest): string {
  switch (r.status) {
    case 'received':
      return 'An admin recorded this request about you. Confirm that it is yours, or cancel it if it is not.';
    case 'identity_verified':
      return 'Waiting for an admin to approve it.';
    case 'approved':
      return r.error ? 'The work failed and an admin will try again.' : 'Approved; an admin is carrying it out.';
    case 'processing':
      return r.type === 'erasure' ? 'Your data is being erased.' : 'Your export is being prepared.';
    case 'completed':
      return r.type === 'erasure' ? 'Your data was erased.' : 'Done.';
    case 'rejected':
      return `Rejected: ${r.rejectionReason ?? ''}`;
    case 'cancelled':
      return 'Cancelled.';
  }
}

function RequestCard({
  request,
  onConfirm,
  onCancel,
  busy,
}: {
  request: GdprRequest;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const open = request.urgency !== 'closed';
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="font-medium">{TYPE_LABELS[request.type]} request</p>
          <p className={muted}>
            Received {formatDate(request.receivedAt)}
            {open
              ? ` · answer due by ${formatDate(request.effectiveDueAt)}`
              : request.completedAt
                ? ` · closed ${formatDateTime(request.completedAt)}`
                : ''}
          </p>
        </div>
        <Badge tone={STATUS_TONES[request.status]}>{STATUS_LABELS[request.status]}</Badge>
      </div>
      <p className="mt-2 text-sm">{stateText(request)}</p>
      {request.status === 'completed' || request.status === 'processing' ? <OwnRequestResult request={request} /> : null}
      <div className="mt-2 flex flex-wrap gap-2">
        {request.status === 'received' ? (
          <Button disabled={busy} onClick={onConfirm}>
            Confirm it is mine
          </Button>
        ) : null}
        {request.status === 'received' || request.status === 'identity_verified' || request.status === 'approved' ? (
          <Button variant="secondary" disabled={busy} onClick={onCancel}>
            Cancel request
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The member's own privacy page: their rights in plain words, a copy of their data or its erasure
 * in one click each, and every request about them with its state.
 */
export function OwnRequests({ workspace, isPerson }: { workspace: string; isPerson: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mine = useQuery({
    ...trpc.gdpr.listOwn.queryOptions(),
    enabled: isPerson,
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'processing') ? 3000 : false),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.gdpr.listOwn.queryKey() });
  const file = useMutation(trpc.gdpr.fileOwn.mutationOptions({ onSuccess: refresh }));
  const confirm = useMutation(trpc.gdpr.confirmOwn.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.gdpr.cancelOwn.mutationOptions({ onSuccess: refresh }));
  const [askingErasure, setAskingErasure] = useState(false);
  const openOf = (type: string) => mine.data?.some((r) => r.type === type && r.urgency !== 'closed') ?? false;
  const error = file.error ?? confirm.error ?? cancel.error;

  if (!isPerson) {
    return (
      <Card className="p-4">
        <p className={muted}>This page is for members of the workspace, about their own data.</p>
      </Card>
    );
  }

  return (
    <div className="space-y-4">
      <PageHeader
        title="Your data and privacy"
        description={`${workspace} keeps your profile, your chats, the documents you upload and a log of what you do here. You can ask for a copy of it, or for it to be erased. The workspace must answer within one month.`}
      />
      {error ? <Alert>{errorMessage(error)}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Card className="space-y-2 p-4">
          <h2 className="font-semibold">Get a copy of your data</h2>
          <p className={muted}>
            A ZIP file with your profile, roles, chats and their sources, feedback, the files you uploaded and a readable summary. You
            download it here once it is ready.
          </p>
          <Button disabled={file.isPending || openOf('access')} onClick={() => file.mutate({ type: 'access' })}>
            {openOf('access') ? 'Copy requested' : 'Request a copy'}
          </Button>
        </Card>
        <Card className="space-y-2 p-4">
          <h2 className="font-semibold">Erase your data</h2>
          <p className={muted}>
            Your account, chats, feedback and uploads are erased everywhere they are kept, and you receive nothing back. An admin approves
            it first.
          </p>
          <Button variant="danger" disabled={file.isPending || openOf('erasure')} onClick={() => setAskingErasure(true)}>
            {openOf('erasure') ? 'Erasure requested' : 'Request erasure'}
          </Button>
        </Card>
      </div>

      <Card className="p-4">
        <h2 className="mb-2 font-semibold">Your requests</h2>
        {mine.error ? <Alert>{errorMessage(mine.error)}</Alert> : null}
        {mine.data && mine.data.length === 0 ? <p className={muted}>No request yet.</p> : null}
        <ul className="space-y-2" aria-label="Your requests">
          {mine.data?.map((r) => (
            <RequestCard
              key={r.id}
              request={r}
              busy={confirm.isPending || cancel.isPending}
              onConfirm={() => confirm.mutate({ id: r.id })}
              onCancel={() => cancel.mutate({ id: r.id })}
            />
          ))}
        </ul>
      </Card>

      <Dialog
        open={askingErasure}
        onOpenChange={setAskingErasure}
        title="Request erasure of your data?"
        description="Once an admin approves it, your account is closed and everything about you is erased: chats, feedback, API keys and the files you uploaded (the admin decides about files you shared with others). It cannot be undone. Download a copy first if you want one."
      >
        <DialogActions>
          <Button variant="secondary" onClick={() => setAskingErasure(false)}>
            Keep my data
          </Button>
          <Button
            variant="danger"
            disabled={file.isPending}
            onClick={() => file.mutate({ type: 'erasure' }, { onSuccess: () => setAskingErasure(false) })}
          >
            Request erasure
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
