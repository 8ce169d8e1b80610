'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent, type ReactNode } from 'react';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { errorMessage, fieldError } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { RadioCards } from '@/components/ui/RadioCards';
import { Select } from '@/components/ui/Select';
import { Textarea } from '@/components/ui/Textarea';
import { When } from '@/components/ui/When';
import {
  STATUS_LABELS,
  STATUS_TONES,
  subjectLabel,
  TYPE_DESCRIPTIONS,
  TYPE_LABELS,
  URGENCY_LABELS,
  URGENCY_TONES,
  type GdprRequest,
} from './labels';
import { ExportDownload } from './ExportDownload';
import { RequestOutcome } from './RequestOutcome';

const muted = 'text-sm text-slate-500 dark:text-slate-400';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 border-b border-slate-100 py-2 text-sm dark:border-slate-800">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

function useRequestMutations(id: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.gdpr.pathKey() });
  const opts = { onSuccess: refresh };
  return {
    sendCode: useMutation(trpc.gdpr.sendCode.mutationOptions(opts)),
    verifyCode: useMutation(trpc.gdpr.verifyCode.mutationOptions(opts)),
    approve: useMutation(trpc.gdpr.approve.mutationOptions(opts)),
    reject: useMutation(trpc.gdpr.reject.mutationOptions(opts)),
    cancel: useMutation(trpc.gdpr.cancel.mutationOptions(opts)),
    extend: useMutation(trpc.gdpr.extend.mutationOptions(opts)),
    complete: useMutation(trpc.gdpr.complete.mutationOptions(opts)),
    id,
  };
}
type Mutations = ReturnType<typeof useRequestMutations>;

/** Step 1: the person proves who they are, by a code e-mailed to them or by signing in. */
function VerifyStep({ request, m }: { request: GdprRequest; m: Mutations }) {
  const [code, setCode] = useState('');
  const result = m.verifyCode.data;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    m.verifyCode.mutate({ id: request.id, code });
  }
  const codeError = fieldError(m.verifyCode.error, 'code') ?? (m.verifyCode.error ? errorMessage(m.verifyCode.error) : null);
  return (
    <section aria-labelledby="verify-heading" className="space-y-3">
      <h2 id="verify-heading" className="font-semibold">
        1. Verify who is asking
      </h2>
      <p className={muted}>
        Send a one-time code to {request.subject.email ?? 'their address'}; they read it back to you (by reply or on the phone) and you
        enter it below.
        {request.subject.userId ? ' Or ask them to sign in and confirm the request on their Privacy page: that verifies it too.' : ''}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" disabled={m.sendCode.isPending} onClick={() => m.sendCode.mutate({ id: request.id })}>
          {m.sendCode.isPending ? 'Sending…' : request.codeSentUntil ? 'Send a new code' : 'Send verification code'}
        </Button>
        {request.codeSentUntil ? (
          <span className={muted} role="status">
            A code was sent; it is valid until {formatDateTime(request.codeSentUntil)}.
          </span>
        ) : null}
      </div>
      {m.sendCode.error ? <Alert>{errorMessage(m.sendCode.error)}</Alert> : null}
      {request.codeSentUntil ? (
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
          <Field id="gdpr-code" label="Code they read back" error={codeError}>
            <Input
              id="gdpr-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              className="w-36 font-mono tracking-widest"
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? 'gdpr-code-error' : undefined}
            />
          </Field>
          <Button type="submit" disabled={m.verifyCode.isPending || code.length !== 6}>
            Verify
          </Button>
        </form>
      ) : null}
      {result && !result.verified ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {result.message}
        </p>
      ) : null}
    </section>
  );
}

/** Step 2: approve (erasure asks what becomes of shared uploads), or reject with a reason. */
function DecideStep({ request, m }: { request: GdprRequest; m: Mutations }) {
  const [shared, setShared] = useState<'delete' | 'keep' | null>(request.sharedDocuments);
  const [rejecting, setRejecting] = useState(false);
  const erasure = request.type === 'erasure';
  return (
    <section aria-labelledby="decide-heading" className="space-y-3">
      <h2 id="decide-heading" className="font-semibold">
        2. Decide
      </h2>
      <p className={muted}>
        Identity verified {request.verificationMethod === 'signed_in' ? 'by signing in' : 'by an e-mailed code'}{' '}
        <When at={request.identityVerifiedAt} />.{' '}
        {request.type === 'access' || request.type === 'portability'
          ? 'Approving builds their export in the background.'
          : erasure
            ? 'Approving erases the person and every copy of their data, then issues a certificate. This cannot be undone.'
            : 'Approve it, make the change, then record what you did.'}
      </p>
      {erasure ? (
        <RadioCards
          id="gdpr-shared"
          legend="Documents they uploaded to shared collections"
          value={shared}
          onChange={setShared}
          options={[
            { value: 'delete', label: 'Delete them', hint: 'With their text, chunks and vectors.' },
            { value: 'keep', label: 'Keep them under the workspace', hint: 'They stay searchable; the uploader is removed.' },
          ]}
        />
      ) : null}
      {m.approve.error ? <Alert>{errorMessage(m.approve.error)}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={m.approve.isPending || (erasure && !shared)}
          onClick={() => m.approve.mutate({ id: request.id, ...(erasure && shared ? { sharedDocuments: shared } : {}) })}
        >
          {m.approve.isPending ? 'Approving…' : erasure ? 'Approve and erase' : 'Approve'}
        </Button>
        <Button variant="secondary" onClick={() => setRejecting(true)}>
          Reject
        </Button>
      </div>
      <ReasonDialog
        open={rejecting}
        onOpenChange={setRejecting}
        title="Reject this request"
        description="Say why, in words you could send to the person: the reason is kept with the request."
        label="Reason"
        action="Reject request"
        mutation={m.reject}
        onSubmit={(reason) => m.reject.mutate({ id: request.id, reason }, { onSuccess: () => setRejecting(false) })}
      />
    </section>
  );
}

function ReasonDialog({
  open,
  onOpenChange,
  title,
  description,
  label,
  action,
  mutation,
  onSubmit,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  label: string;
  action: string;
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  onSubmit: (reason: string) => void;
  children?: ReactNode;
}) {
  const [reason, setReason] = useState('');
  const error = fieldError(mutation.error, 'reason') ?? fieldError(mutation.error, 'notes');
  const other = mutation.error && !error ? errorMessage(mutation.error) : null;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) {
          setReason('');
          mutation.reset();
        }
      }}
      title={title}
      description={description}
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(reason);
        }}
      >
        {children}
        <Field id="gdpr-reason" label={label} error={error}>
          <Textarea
            id="gdpr-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={2000}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'gdpr-reason-error' : undefined}
          />
        </Field>
        {other ? <Alert>{other}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={mutation.isPending}>
            {action}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function ExtendDialog({
  request,
  m,
  open,
  onOpenChange,
}: {
  request: GdprRequest;
  m: Mutations;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [months, setMonths] = useState<1 | 2>(2);
  return (
    <ReasonDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Extend the due date"
      description={`Allowed once, before the original due date (${formatDateTime(request.dueAt)}), when requests are complex or numerous (Art. 12(3)). Tell the person within the first month.`}
      label="Reason for the extension"
      action="Extend"
      mutation={m.extend}
      onSubmit={(reason) => m.extend.mutate({ id: request.id, months, reason }, { onSuccess: () => onOpenChange(false) })}
    >
      <Field id="gdpr-extend-months" label="By">
        <Select id="gdpr-extend-months" value={String(months)} onChange={(e) => setMonths(e.target.value === '1' ? 1 : 2)}>
          <option value="1">One month</option>
          <option value="2">Two months</option>
        </Select>
      </Field>
    </ReasonDialog>
  );
}

/** What the request is waiting for now, with the action that moves it on. */
function NextStep({ request, m }: { request: GdprRequest; m: Mutations }) {
  const [completing, setCompleting] = useState(false);
  switch (request.status) {
    case 'received':
      return <VerifyStep request={request} m={m} />;
    case 'identity_verified':
      return <DecideStep request={request} m={m} />;
    case 'approved':
      if (request.error) {
        return (
          <section className="space-y-3">
            <Alert>The background work failed: {request.error}</Alert>
            <Button disabled={m.approve.isPending} onClick={() => m.approve.mutate({ id: request.id })}>
              Try again
            </Button>
          </section>
        );
      }
      return (
        <section aria-labelledby="complete-heading" className="space-y-3">
          <h2 id="complete-heading" className="font-semibold">
            3. Do it, then record what you did
          </h2>
          <p className={muted}>{TYPE_DESCRIPTIONS[request.type]}</p>
          <Button onClick={() => setCompleting(true)}>Mark as completed</Button>
          <ReasonDialog
            open={completing}
            onOpenChange={setCompleting}
            title="Mark as completed"
            description="Describe what was changed or restricted; it is kept with the request and the audit log records the completion."
            label="What was done"
            action="Complete request"
            mutation={m.complete}
            onSubmit={(notes) => m.complete.mutate({ id: request.id, notes }, { onSuccess: () => setCompleting(false) })}
          />
        </section>
      );
    case 'processing': {
      if (request.type === 'access' || request.type === 'portability') {
        return (
          <ExportDownload requestId={request.id} status={request.status} progress={request.progress} sizeBytes={request.exportSizeBytes} />
        );
      }
      const p = request.progress;
      const percent = p && p.total > 0 ? (p.done / p.total) * 100 : null;
      return (
        <section aria-labelledby="processing-heading" className="space-y-2">
          <h2 id="processing-heading" className="font-semibold">
            {request.type === 'erasure' ? 'Erasing' : 'Building the export'}
          </h2>
          <ProgressBar
            label={request.type === 'erasure' ? 'Erasure progress' : 'Export progress'}
            value={percent}
            valueText={p ? `${p.step}: ${p.done} of ${p.total}` : 'Waiting for the worker'}
          />
          <p className={muted} aria-live="polite">
            {p ? `${p.step} (${p.done} of ${p.total})` : 'Waiting for the worker…'}
          </p>
        </section>
      );
    }
    default:
      return null;
  }
}

/** One request: the legal clock, the person, and the next step. */
export function RequestDetail({ slug, id }: { slug: string; id: string }) {
  const trpc = useTRPC();
  const request = useQuery({
    ...trpc.gdpr.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data?.status === 'processing' ? 2000 : false),
  });
  const m = useRequestMutations(id);
  const [extending, setExtending] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  if (request.error) return <Alert>The request could not be loaded: {errorMessage(request.error)}</Alert>;
  const r = request.data;
  if (!r) return <p className={muted}>Loading the request…</p>;
  const open = r.urgency !== 'closed';
  const canCancel = r.status === 'received' || r.status === 'identity_verified' || r.status === 'approved';

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/t/${slug}/gdpr`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          GDPR requests
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">
            {TYPE_LABELS[r.type]} request: {subjectLabel(r)}
          </h1>
          <p className={muted}>{TYPE_DESCRIPTIONS[r.type]}</p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={STATUS_TONES[r.status]}>{STATUS_LABELS[r.status]}</Badge>
          {open ? <Badge tone={URGENCY_TONES[r.urgency]}>{URGENCY_LABELS[r.urgency]}</Badge> : null}
        </div>
      </header>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card className="space-y-4 p-4">
          <NextStep request={r} m={m} />
          {r.status === 'completed' || r.status === 'rejected' || r.status === 'cancelled' ? <RequestOutcome request={r} /> : null}
        </Card>

        <Card className="p-4">
          <h2 className="mb-2 font-semibold">The legal clock</h2>
          <dl>
            <Row label="Received">{formatDateTime(r.receivedAt)}</Row>
            <Row label="Due">
              {formatDateTime(r.effectiveDueAt)}
              {r.extendedDueAt ? (
                <span className="block text-xs text-slate-500 dark:text-slate-400">
                  Extended from {formatDateTime(r.dueAt)}: {r.extensionReason}
                </span>
              ) : null}
            </Row>
            {r.identityVerifiedAt ? <Row label="Identity verified">{formatDateTime(r.identityVerifiedAt)}</Row> : null}
            {r.decidedAt ? (
              <Row label="Decided">
                {formatDateTime(r.decidedAt)}
                {r.decidedByEmail ? ` by ${r.decidedByEmail}` : ''}
              </Row>
            ) : null}
            {r.completedAt ? <Row label="Closed">{formatDateTime(r.completedAt)}</Row> : null}
            <Row label="Filed by">{r.channel === 'self' ? 'The person, from their account' : (r.filedByEmail ?? 'An admin')}</Row>
            {r.notes ? (
              <Row label="Notes">
                <span className="whitespace-pre-wrap">{r.notes}</span>
              </Row>
            ) : null}
          </dl>
          <div className="mt-3 flex flex-wrap gap-2">
            {r.canExtend ? (
              <Button variant="secondary" onClick={() => setExtending(true)}>
                Extend due date
              </Button>
            ) : null}
            {canCancel ? (
              <Button variant="secondary" onClick={() => setCancelling(true)}>
                Cancel request
              </Button>
            ) : null}
          </div>
        </Card>
      </div>

      <ExtendDialog request={r} m={m} open={extending} onOpenChange={setExtending} />
      <Dialog
        open={cancelling}
        onOpenChange={setCancelling}
        title="Cancel this request?"
        description="For a request the person withdrew or that was recorded by mistake. It is closed and nothing is done; the audit log keeps the cancellation."
      >
        {m.cancel.error ? <Alert className="mb-3">{errorMessage(m.cancel.error)}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={() => setCancelling(false)}>
            Keep it
          </Button>
          <Button
            variant="danger"
            disabled={m.cancel.isPending}
            onClick={() => m.cancel.mutate({ id: r.id }, { onSuccess: () => setCancelling(false) })}
          >
            Cancel request
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
