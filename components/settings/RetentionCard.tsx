'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useId, useState, type FormEvent } from 'react';
import { useUnsavedChangesWarning } from '@/components/ui/hooks';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Checkbox } from '@/components/ui/Checkbox';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { describedBy } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { EmptyRow, Table, Td, Th, Tr } from '@/components/ui/Table';
import { When } from '@/components/ui/When';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import { formatDate } from '@/lib/format';
import {
  AUDIT_FLOOR_DAYS,
  describeClassCounts,
  MAX_RETENTION_DAYS,
  RETENTION_CLASS_INFO,
  RETENTION_CLASSES,
  shortenedClasses,
  type RetentionClass,
  type RetentionCounts,
  type RetentionPolicies,
} from '@/lib/retention';
import type { AppRouter } from '@/server/trpc/root';

type RetentionRun = inferRouterOutputs<AppRouter>['retention']['listJobs']['items'][number];
/** What the form holds per class: forever, or the days as typed. */
type Draft = Record<RetentionClass, { forever: boolean; days: string }>;

const draftOf = (p: RetentionPolicies): Draft =>
  Object.fromEntries(RETENTION_CLASSES.map((c) => [c, { forever: p[c] === null, days: p[c] === null ? '' : String(p[c]) }])) as Draft;

const minDays = (cls: RetentionClass) => (cls === 'audit' ? AUDIT_FLOOR_DAYS : 1);

/** The periods typed, or a sentence per class that is wrong. */
function parseDraft(draft: Draft): { policies: RetentionPolicies } | { errors: Partial<Record<RetentionClass, string>> } {
  const errors: Partial<Record<RetentionClass, string>> = {};
  const policies = {} as RetentionPolicies;
  for (const cls of RETENTION_CLASSES) {
    const { forever, days } = draft[cls];
    if (forever) {
      policies[cls] = null;
      continue;
    }
    const n = Number(days.trim());
    const min = minDays(cls);
    if (days.trim() === '' || !Number.isInteger(n)) errors[cls] = 'Enter a whole number of days, or keep forever.';
    else if (n < min)
      errors[cls] =
        cls === 'audit'
          ? `The audit log is kept at least ${AUDIT_FLOOR_DAYS} days. Enter ${AUDIT_FLOOR_DAYS} or more, or keep it forever.`
          : 'Enter at least 1 day, or keep forever.';
    else if (n > MAX_RETENTION_DAYS) errors[cls] = `Enter at most ${MAX_RETENTION_DAYS.toLocaleString('en-US')} days, or keep forever.`;
    else policies[cls] = n;
  }
  return Object.keys(errors).length > 0 ? { errors } : { policies };
}

const STATUS_TONE: Record<RetentionRun['status'], Tone> = { scheduled: 'neutral', running: 'info', completed: 'success', failed: 'danger' };

/** One line per class the counts cover: "Chats: 3 messages, 1 conversation, 2 feedback entries". */
function CountsList({ counts, classes }: { counts: RetentionCounts; classes?: readonly RetentionClass[] }) {
  const shown = (classes ?? RETENTION_CLASSES).filter((c) => counts[c]);
  if (shown.length === 0) return <span className="text-slate-500 dark:text-slate-400">Nothing: every class is kept forever.</span>;
  return (
    <ul className="space-y-1">
      {shown.map((c) => (
        <li key={c}>
          <span className="font-medium">{RETENTION_CLASS_INFO[c].label}:</span> {describeClassCounts(c, counts[c]!)}
        </li>
      ))}
    </ul>
  );
}

/**
 * How long the workspace keeps each class of data, with what a change would remove now: a
 * shorter period asks for confirmation, naming what will go. Below, the recent daily runs.
 */
export function RetentionCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const saved = useQuery({ ...trpc.retention.get.queryOptions(), refetchOnWindowFocus: false });
  const runs = useQuery(trpc.retention.listJobs.queryOptions({ page: 1, pageSize: 10 }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<RetentionClass, string>>>({});
  const [preview, setPreview] = useState<{ counts: RetentionCounts; policies: RetentionPolicies } | null>(null);
  const [confirm, setConfirm] = useState<{ counts: RetentionCounts; policies: RetentionPolicies; shortened: RetentionClass[] } | null>(
    null,
  );
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);

  const save = useMutation(
    trpc.retention.update.mutationOptions({
      onSuccess: (result) => {
        qc.setQueryData(trpc.retention.get.queryKey(), result);
        setDraft(null);
        setConfirm(null);
        setPreview(null);
        toast.success('Retention periods saved. The next daily run applies them.');
      },
    }),
  );

  const current = draft ?? (saved.data ? draftOf(saved.data.policies) : null);
  useUnsavedChangesWarning(
    draft !== null && saved.data !== undefined && JSON.stringify(draft) !== JSON.stringify(draftOf(saved.data.policies)),
  );

  const fetchPreview = (policies: RetentionPolicies) =>
    qc.fetchQuery({ ...trpc.retention.preview.queryOptions({ policies }), staleTime: 0 });

  const parsed = () => {
    if (!current) return null;
    const result = parseDraft(current);
    if ('errors' in result) {
      setErrors(result.errors);
      setTimeout(() => document.querySelector<HTMLElement>(`[data-retention-form="${id}"] [aria-invalid="true"]`)?.focus(), 0);
      return null;
    }
    setErrors({});
    return result.policies;
  };

  const onPreview = async () => {
    const policies = parsed();
    if (!policies) return;
    setPreviewError(null);
    setPreviewing(true);
    try {
      setPreview({ counts: (await fetchPreview(policies)).counts, policies });
    } catch (error) {
      setPreviewError(errorMessage(error));
    } finally {
      setPreviewing(false);
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const policies = parsed();
    if (!policies || !saved.data) return;
    const shortened = shortenedClasses(saved.data.policies, policies);
    if (shortened.length === 0) {
      save.mutate({ policies });
      return;
    }
    setPreviewError(null);
    setPreviewing(true);
    try {
      const result = await fetchPreview(policies);
      setConfirm({ counts: result.counts, policies, shortened });
    } catch (error) {
      setPreviewError(errorMessage(error));
    } finally {
      setPreviewing(false);
    }
  };

  const update = (cls: RetentionClass, change: Partial<Draft[RetentionClass]>) => {
    if (!current) return;
    setDraft({ ...current, [cls]: { ...current[cls], ...change } });
    setErrors((e) => ({ ...e, [cls]: undefined }));
    setPreview(null);
  };

  return (
    <Card>
      <form data-retention-form={id} onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} className="space-y-5">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Data retention
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            How long the workspace keeps each kind of data. Once a day, what is older than its period is removed for good, except what a
            legal hold covers. The audit log is kept at least {AUDIT_FLOOR_DAYS} days.
          </p>
        </div>
        {saved.isError ? (
          <Alert onRetry={() => void saved.refetch()}>Could not load the retention periods: {errorMessage(saved.error)}</Alert>
        ) : !current ? (
          <p aria-busy="true" className="text-sm text-slate-500 dark:text-slate-400">
            Loading the retention periods…
          </p>
        ) : (
          <div className="divide-y divide-slate-200 dark:divide-slate-800">
            {RETENTION_CLASSES.map((cls) => {
              const field = `${id}-${cls}`;
              const error = errors[cls] ?? fieldError(save.error, `policies.${cls}`);
              const info = RETENTION_CLASS_INFO[cls];
              return (
                <fieldset key={cls} className="py-4 first:pt-0">
                  <legend className="float-left text-sm font-medium text-slate-900 dark:text-slate-100">{info.label}</legend>
                  <div className="clear-both grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
                    <p className="text-xs text-slate-500 dark:text-slate-400">{info.what}</p>
                    <div className="space-y-1">
                      <div className="flex flex-wrap items-center gap-3">
                        <label className="flex items-center gap-2 text-sm">
                          <Checkbox
                            checked={current[cls].forever}
                            onChange={(e) => update(cls, e.target.checked ? { forever: true, days: '' } : { forever: false })}
                          />
                          Keep forever
                        </label>
                        <label htmlFor={field} className="sr-only">
                          {info.label}: days to keep
                        </label>
                        <div className="flex items-center gap-2">
                          <Input
                            id={field}
                            type="number"
                            inputMode="numeric"
                            min={minDays(cls)}
                            max={MAX_RETENTION_DAYS}
                            step={1}
                            disabled={current[cls].forever}
                            placeholder={current[cls].forever ? '—' : String(minDays(cls) === 1 ? 30 : AUDIT_FLOOR_DAYS)}
                            value={current[cls].days}
                            onChange={(e) => update(cls, { days: e.target.value })}
                            aria-invalid={Boolean(error)}
                            aria-describedby={describedBy(field, { error })}
                            className="w-28"
                          />
                          <span className="text-sm text-slate-600 dark:text-slate-400" aria-hidden>
                            days
                          </span>
                        </div>
                      </div>
                      {error ? (
                        <p id={`${field}-error`} className="text-xs text-red-600 dark:text-red-400">
                          {error}
                        </p>
                      ) : null}
                    </div>
                  </div>
                </fieldset>
              );
            })}
          </div>
        )}
        {preview ? (
          <div aria-live="polite" className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/60">
            <p className="mb-1 font-medium">With these periods, a run now would remove:</p>
            <CountsList counts={preview.counts} />
          </div>
        ) : null}
        <Alert>
          {previewError ??
            formErrorText(
              save.error,
              RETENTION_CLASSES.map((c) => `policies.${c}`),
            )}
        </Alert>
        <div className="flex flex-wrap items-center justify-end gap-2">
          <Button variant="secondary" disabled={!current || previewing} onClick={() => void onPreview()}>
            {previewing && !confirm ? 'Counting…' : 'Preview'}
          </Button>
          <Button
            type="submit"
            disabled={!current || save.isPending || previewing}
            aria-label={save.isPending ? undefined : 'Save retention periods'}
          >
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>

      <Dialog
        open={confirm !== null}
        onOpenChange={(open) => {
          if (!open) setConfirm(null);
        }}
        title="Shorten retention?"
        description="The next daily run removes for good what is older than the new periods. Legal holds still apply."
      >
        {confirm ? (
          <div className="space-y-4 text-sm">
            <ul className="space-y-2">
              {confirm.shortened.map((cls) => (
                <li key={cls}>
                  <span className="font-medium">
                    {RETENTION_CLASS_INFO[cls].label} to {confirm.policies[cls]} days:
                  </span>{' '}
                  removes {describeClassCounts(cls, confirm.counts[cls] ?? {})}
                </li>
              ))}
            </ul>
            <Alert>{formErrorText(save.error, [])}</Alert>
            <DialogActions>
              <Button variant="secondary" onClick={() => setConfirm(null)}>
                Cancel
              </Button>
              <Button variant="danger" disabled={save.isPending} onClick={() => save.mutate({ policies: confirm.policies, confirm: true })}>
                {save.isPending ? 'Saving…' : 'Shorten and remove'}
              </Button>
            </DialogActions>
          </div>
        ) : null}
      </Dialog>

      <section aria-labelledby={`${id}-runs`} className="mt-8 space-y-3">
        <h3 id={`${id}-runs`} className="text-base font-semibold">
          Recent retention runs
        </h3>
        {runs.isError ? (
          <Alert onRetry={() => void runs.refetch()}>Could not load the retention runs: {errorMessage(runs.error)}</Alert>
        ) : (
          <Table caption="Recent retention runs, newest first">
            <thead>
              <tr>
                <Th>Day</Th>
                <Th>Outcome</Th>
                <Th>Removed</Th>
              </tr>
            </thead>
            <tbody>
              {runs.isPending ? (
                <EmptyRow colSpan={3}>Loading…</EmptyRow>
              ) : runs.data.items.length === 0 ? (
                <EmptyRow colSpan={3}>No runs yet. A run starts each day once a period is set.</EmptyRow>
              ) : (
                runs.data.items.map((run) => (
                  <Tr key={run.id}>
                    <Td className="whitespace-nowrap">
                      {run.localDate ? formatDate(`${run.localDate}T12:00:00`) : <When at={run.scheduledAt} format="date" />}
                      <div className="text-xs text-slate-500 dark:text-slate-400">
                        {run.finishedAt ? (
                          <>
                            finished <When at={run.finishedAt} />
                          </>
                        ) : (
                          <>
                            scheduled <When at={run.scheduledAt} />
                          </>
                        )}
                      </div>
                    </Td>
                    <Td>
                      <Badge tone={STATUS_TONE[run.status]}>{run.status}</Badge>
                      {run.error ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{run.error}</p> : null}
                    </Td>
                    <Td className="min-w-56">
                      {run.status === 'completed' ? <CountsList counts={run.counts} /> : <span className="text-slate-500">—</span>}
                    </Td>
                  </Tr>
                ))
              )}
            </tbody>
          </Table>
        )}
      </section>
    </Card>
  );
}
