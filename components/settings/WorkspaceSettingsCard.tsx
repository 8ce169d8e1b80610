'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import { useFocusFirstInvalid, useUnsavedChangesWarning } from '@/components/ui/hooks';
import { isTimeZone, timeIn, timeZoneNames } from '@/lib/time-zones';

const HINT =
  'Usage days start at midnight in this time zone: daily quotas reset then, and charts count by its days. A change applies to usage from now on; what was already recorded keeps its day.';

/** The workspace's time zone, typed or picked from the list, with the time it is there now. */
export function WorkspaceSettingsCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const saved = useQuery({ ...trpc.settings.getWorkspace.queryOptions(), refetchOnWindowFocus: false });
  const [value, setValue] = useState<string | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const zones = useMemo(() => timeZoneNames(), []);
  const save = useMutation(
    trpc.settings.updateWorkspace.mutationOptions({
      onSuccess: (result) => {
        qc.setQueryData(trpc.settings.getWorkspace.queryKey(), result);
        setValue(result.timeZone);
        toast.success(`Time zone saved: ${result.timeZone}.`);
      },
    }),
  );
  useFocusFirstInvalid(formRef, save.error);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const timeZone = value ?? saved.data?.timeZone ?? '';
  useUnsavedChangesWarning(value !== null && saved.data !== undefined && value.trim() !== saved.data.timeZone);
  const current = timeIn(timeZone.trim(), now);
  const error = local ?? fieldError(save.error, 'timeZone');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const zone = timeZone.trim();
    if (!isTimeZone(zone)) {
      setLocal(
        zone ? `${zone} is not a time zone we know. Choose one from the list, e.g. Europe/Lisbon or UTC.` : 'Choose a time zone, e.g. UTC.',
      );
      setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setLocal(null);
    save.mutate({ timeZone: zone });
  };

  return (
    <Card>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} className="space-y-5">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Time zone
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Where the workspace’s days begin for usage and quotas.</p>
        </div>
        {saved.isError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Could not load the time zone: {errorMessage(saved.error)}
          </p>
        ) : (
          <Field id={`${id}-zone`} label="Time zone" hint={HINT} error={error}>
            <Input
              id={`${id}-zone`}
              list={`${id}-zones`}
              autoComplete="off"
              spellCheck={false}
              placeholder={saved.isPending ? 'Loading…' : 'Type to search, e.g. Lisbon'}
              disabled={saved.isPending}
              value={timeZone}
              onChange={(e) => {
                setValue(e.target.value);
                setLocal(null);
              }}
              aria-invalid={Boolean(error)}
              aria-describedby={describedBy(`${id}-zone`, { hint: true, error })}
              className="max-w-sm"
            />
            <datalist id={`${id}-zones`}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </Field>
        )}
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {current ? (
            <>
              It is now <span className="font-medium text-slate-900 dark:text-slate-100">{current}</span> in {timeZone.trim()}.
            </>
          ) : (
            'Choose a time zone to see the time there.'
          )}
        </p>
        <Alert>{formErrorText(save.error, ['timeZone'])}</Alert>
        <div className="flex flex-wrap items-center justify-end gap-2">
          <Button type="submit" disabled={save.isPending || saved.isPending} aria-label={save.isPending ? undefined : 'Save time zone'}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
