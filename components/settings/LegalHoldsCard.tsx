'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Checkbox } from '@/components/ui/Checkbox';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { Textarea } from '@/components/ui/Textarea';
import { When } from '@/components/ui/When';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import type { LegalHoldTarget } from '@/lib/retention';
import type { AppRouter } from '@/server/trpc/root';

type Hold = inferRouterOutputs<AppRouter>['legalHolds']['list'][number];

const TARGET_HINT: Record<LegalHoldTarget, string> = {
  user: 'Pick from the list or type their e-mail address. Everything of theirs is kept: chats, uploads, usage, evaluation runs and audit entries.',
  document: 'The document’s file name or its id. The document is kept with its text, passages and embeddings.',
};

/**
 * Legal holds: a user or a document kept out of every retention run (and erasure) until the hold
 * is released. Placing and releasing are audited; the reason stays here, not in the audit log.
 */
export function LegalHoldsCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [showReleased, setShowReleased] = useState(false);
  const holds = useQuery(trpc.legalHolds.list.queryOptions({ includeReleased: showReleased }));
  // The picker lists the workspace's users when the admin may see them; typing an e-mail works either way.
  const people = useQuery({ ...trpc.users.list.queryOptions({ pageSize: 100, sort: 'name', dir: 'asc' }), retry: false });
  const [targetType, setTargetType] = useState<LegalHoldTarget>('user');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [releasing, setReleasing] = useState<Hold | null>(null);

  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.legalHolds.list.pathKey() });
  const create = useMutation(
    trpc.legalHolds.create.mutationOptions({
      onSuccess: () => {
        setTarget('');
        setReason('');
        void invalidate();
        toast.success('Legal hold placed.');
      },
    }),
  );
  const release = useMutation(
    trpc.legalHolds.release.mutationOptions({
      onSuccess: () => {
        setReleasing(null);
        void invalidate();
        toast.success('Legal hold released.');
      },
    }),
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ targetType, target: target.trim(), reason });
  };

  const targetError = fieldError(create.error, 'target');
  const reasonError = fieldError(create.error, 'reason');

  return (
    <Card className="space-y-6">
      <div>
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Legal holds
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Data under a legal hold is never removed by retention or erasure until the hold is released.
        </p>
      </div>

      <form onSubmit={onSubmit} noValidate aria-label="Place a legal hold" className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
          <Field id={`${id}-type`} label="Hold">
            <Select
              id={`${id}-type`}
              value={targetType}
              onChange={(e) => {
                setTargetType(e.target.value as LegalHoldTarget);
                setTarget('');
                create.reset();
              }}
            >
              <option value="user">A user</option>
              <option value="document">A document</option>
            </Select>
          </Field>
          <Field id={`${id}-target`} label={targetType === 'user' ? 'User' : 'Document'} hint={TARGET_HINT[targetType]} error={targetError}>
            <Input
              id={`${id}-target`}
              list={targetType === 'user' ? `${id}-people` : undefined}
              autoComplete="off"
              spellCheck={false}
              placeholder={targetType === 'user' ? 'name@example.com' : 'contract.pdf'}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              aria-invalid={Boolean(targetError)}
              aria-describedby={describedBy(`${id}-target`, { hint: true, error: targetError })}
            />
            {targetType === 'user' && people.data ? (
              <datalist id={`${id}-people`}>
                {people.data.items.map((u) => (
                  <option key={u.id} value={u.email}>
                    {u.fullName}
                  </option>
                ))}
              </datalist>
            ) : null}
          </Field>
        </div>
        <Field id={`${id}-reason`} label="Reason" hint="The case, request or obligation the hold is for." error={reasonError}>
          <Textarea
            id={`${id}-reason`}
            rows={2}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={Boolean(reasonError)}
            aria-describedby={describedBy(`${id}-reason`, { hint: true, error: reasonError })}
          />
        </Field>
        <Alert>{formErrorText(create.error, ['target', 'reason'])}</Alert>
        <div className="flex justify-end">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Placing…' : 'Place hold'}
          </Button>
        </div>
      </form>

      <section aria-labelledby={`${id}-list`} className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 id={`${id}-list`} className="text-base font-semibold">
            {showReleased ? 'All holds' : 'Active holds'}
          </h3>
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={showReleased} onChange={(e) => setShowReleased(e.target.checked)} />
            Show released holds
          </label>
        </div>
        {holds.isError ? (
          <Alert onRetry={() => void holds.refetch()}>Could not load the legal holds: {errorMessage(holds.error)}</Alert>
        ) : (
          <div aria-busy={holds.isPending} className="rounded-lg border border-slate-200 dark:border-slate-800">
            {holds.isPending ? (
              <p className="p-4 text-center text-sm text-slate-500 dark:text-slate-400">Loading…</p>
            ) : holds.data.length === 0 ? (
              <p className="p-4 text-center text-sm text-slate-500 dark:text-slate-400">
                {showReleased ? 'No legal holds yet.' : 'No active legal holds.'}
              </p>
            ) : (
              <ul aria-label="Legal holds, newest first" className="divide-y divide-slate-200 dark:divide-slate-800">
                {holds.data.map((hold) => (
                  <li key={hold.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-start sm:justify-between">
                    <div className="min-w-0 space-y-1 text-sm">
                      <p className="flex flex-wrap items-center gap-2">
                        <Badge tone="info">{hold.targetType === 'user' ? 'User' : 'Document'}</Badge>
                        {hold.releasedAt ? <Badge>Released</Badge> : null}
                        <span className="font-medium break-words [overflow-wrap:anywhere]">
                          {hold.targetLabel ?? `${hold.targetId} (no longer exists)`}
                        </span>
                      </p>
                      <p className="break-words text-slate-700 dark:text-slate-300">{hold.reason}</p>
                      <p className="text-xs text-slate-500 dark:text-slate-400">
                        Placed <When at={hold.createdAt} />
                        {hold.createdBy ? ` by ${hold.createdBy}` : ''}
                        {hold.releasedAt ? (
                          <>
                            {' '}
                            · released <When at={hold.releasedAt} />
                            {hold.releasedBy ? ` by ${hold.releasedBy}` : ''}
                          </>
                        ) : null}
                      </p>
                    </div>
                    {hold.releasedAt ? null : (
                      <Button
                        variant="secondary"
                        className="min-h-8! self-start px-3! py-1! text-xs!"
                        onClick={() => {
                          release.reset();
                          setReleasing(hold);
                        }}
                        aria-label={`Release the hold on ${hold.targetLabel ?? hold.targetId}`}
                      >
                        Release
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>

      <Dialog
        open={releasing !== null}
        onOpenChange={(open) => {
          if (!open) setReleasing(null);
        }}
        title="Release this legal hold?"
        description="Retention and erasure may then remove its data at their next run."
      >
        {releasing ? (
          <div className="space-y-4 text-sm">
            <p>
              <span className="font-medium">{releasing.targetLabel ?? releasing.targetId}</span> — {releasing.reason}
            </p>
            <Alert>{formErrorText(release.error, [])}</Alert>
            <DialogActions>
              <Button variant="secondary" onClick={() => setReleasing(null)}>
                Cancel
              </Button>
              <Button variant="danger" disabled={release.isPending} onClick={() => release.mutate({ id: releasing.id })}>
                {release.isPending ? 'Releasing…' : 'Release hold'}
              </Button>
            </DialogActions>
          </div>
        ) : null}
      </Dialog>
    </Card>
  );
}
