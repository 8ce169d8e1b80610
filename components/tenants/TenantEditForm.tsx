'use client';

import { Alert } from '@/components/ui/Alert';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useUnsavedChangesWarning } from '@/components/ui/hooks';
import { toast } from 'sonner';
import { FILE_TYPES, TENANT_PLANS, type FileType } from '@/lib/enums';
import { FILE_TYPE_LABELS } from '@/lib/file-type-labels';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage, fieldError, fieldErrors } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { parseQuotaDraft, QuotaFields, quotaDraft, type QuotaErrors } from './QuotaFields';
import { BYTE_UNITS, bytesText, fileSizeToField, parseFileSize, type ByteUnit } from '@/lib/quota-units';
import { DEFAULT_MAX_FILE_BYTES } from '@/lib/quota-defaults';
import { amountText, parseAmount, PLAN_LABELS, type TenantDetail, type TenantPlan } from './tenant-helpers';

type LocalErrors = Partial<Record<'maxFileSize' | 'retentionDays' | 'allowedFileTypes', string>>;

/** Name, plan, quotas and settings of one tenant. Starts from the values saved on the server. */
export function TenantEditForm({ tenant }: { tenant: TenantDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(tenant.name);
  const [plan, setPlan] = useState<TenantPlan>(tenant.plan);
  const [quotas, setQuotas] = useState(() => quotaDraft(tenant.quotas));
  const [quotaErrors, setQuotaErrors] = useState<QuotaErrors>({});
  const [fileTypes, setFileTypes] = useState<FileType[]>(tenant.settings.allowedFileTypes ?? [...FILE_TYPES]);
  // Never empty: the value in effect, the platform default included, is what the field shows.
  const [maxFileSize, setMaxFileSize] = useState(() => fileSizeToField(tenant.settings.maxFileSizeBytes));
  const [retentionDays, setRetentionDays] = useState(amountText(tenant.retentionDays));
  const [localErrors, setLocalErrors] = useState<LocalErrors>({});

  // The form as saved (the query's data, refreshed on save) against what is typed now.
  const savedForm = useMemo(
    () =>
      JSON.stringify([
        tenant.name,
        tenant.plan,
        quotaDraft(tenant.quotas),
        [...(tenant.settings.allowedFileTypes ?? FILE_TYPES)].sort(),
        fileSizeToField(tenant.settings.maxFileSizeBytes),
        amountText(tenant.retentionDays),
      ]),
    [tenant],
  );
  useUnsavedChangesWarning(JSON.stringify([name, plan, quotas, [...fileTypes].sort(), maxFileSize, retentionDays]) !== savedForm);

  const update = useMutation(
    trpc.tenants.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.tenants.get.queryKey({ id: tenant.id }), saved);
        // The fields show what was saved, as the server has it, so the form is no longer "unsaved".
        setName(saved.name);
        setQuotas(quotaDraft(saved.quotas));
        setMaxFileSize(fileSizeToField(saved.settings.maxFileSizeBytes));
        setRetentionDays(amountText(saved.retentionDays));
        void queryClient.invalidateQueries({ queryKey: trpc.tenants.list.queryKey() });
        toast.success('Changes saved.');
      },
    }),
  );
  const err = update.error;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: LocalErrors = {};
    const parsedQuotas = parseQuotaDraft(quotas);
    setQuotaErrors(parsedQuotas.ok ? {} : parsedQuotas.errors);
    const size = parseFileSize(maxFileSize.amount, maxFileSize.unit);
    if (!size.ok) errors.maxFileSize = size.error;
    const retention = parseAmount(retentionDays);
    if (!retention.ok) errors.retentionDays = 'Enter a whole number of days, such as 365, or leave it empty for no limit.';
    else if (retention.value === 0) errors.retentionDays = 'Retention must be at least 1 day, or empty for no limit.';
    if (fileTypes.length === 0) errors.allowedFileTypes = 'Allow at least one file type.';
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0 || !size.ok || !retention.ok || !parsedQuotas.ok) return;
    update.mutate({
      id: tenant.id,
      name,
      plan,
      quotas: parsedQuotas.quotas,
      settings: {
        allowedFileTypes: FILE_TYPES.filter((t) => fileTypes.includes(t)),
        // The default is saved only once someone changes it, so a later change of the platform default still applies.
        ...(tenant.settings.maxFileSizeBytes !== undefined || size.value !== DEFAULT_MAX_FILE_BYTES
          ? { maxFileSizeBytes: size.value }
          : {}),
      },
      retentionDays: retention.value,
    });
  }

  const nameError = fieldError(err, 'name');
  const fileTypesError = localErrors.allowedFileTypes ?? fieldError(err, 'settings.allowedFileTypes');
  const sizeError = localErrors.maxFileSize ?? fieldError(err, 'settings.maxFileSizeBytes');
  const retentionError = localErrors.retentionDays ?? fieldError(err, 'retentionDays');
  const hasFieldErrors = Object.keys(fieldErrors(err)).length > 0;

  return (
    <Card>
      <h2 className="text-base font-semibold">Plan, quotas and settings</h2>
      <form onSubmit={onSubmit} noValidate className="mt-4">
        <fieldset disabled={update.isPending} className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="edit-name" label="Name" error={nameError}>
              <Input
                id="edit-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                aria-invalid={nameError ? true : undefined}
                aria-describedby={describedBy('edit-name', { error: nameError })}
              />
            </Field>
            <Field id="edit-plan" label="Plan" error={fieldError(err, 'plan')}>
              <Select id="edit-plan" value={plan} onChange={(e) => setPlan(e.target.value as TenantPlan)}>
                {TENANT_PLANS.map((p) => (
                  <option key={p} value={p}>
                    {PLAN_LABELS[p]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>

          <QuotaFields draft={quotas} onChange={setQuotas} errorOf={(key) => quotaErrors[key] ?? fieldError(err, `quotas.${key}`)} />

          <fieldset aria-describedby={fileTypesError ? 'edit-file-types-error' : undefined}>
            <legend className="text-sm font-semibold">Allowed file types</legend>
            <div className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3 lg:grid-cols-5">
              {FILE_TYPES.map((type) => (
                <label key={type} className="flex min-h-8 items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="h-4 w-4 accent-indigo-600"
                    checked={fileTypes.includes(type)}
                    onChange={(e) => setFileTypes((list) => (e.target.checked ? [...list, type] : list.filter((t) => t !== type)))}
                  />
                  {FILE_TYPE_LABELS[type]}
                </label>
              ))}
            </div>
            {fileTypesError ? (
              <p id="edit-file-types-error" className="mt-1 text-xs text-red-600 dark:text-red-400">
                {fileTypesError}
              </p>
            ) : null}
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="edit-max-file-size"
              label="Maximum file size"
              hint={`From 1 MB to 1 GB. ${tenant.settings.maxFileSizeBytes === undefined ? 'This is the platform default' : `The platform default is ${bytesText(DEFAULT_MAX_FILE_BYTES)}`}.`}
              error={sizeError}
            >
              <div className="flex gap-2">
                <div className="min-w-0 flex-1">
                  <Input
                    id="edit-max-file-size"
                    inputMode="decimal"
                    value={maxFileSize.amount}
                    onChange={(e) => setMaxFileSize({ ...maxFileSize, amount: e.target.value })}
                    autoComplete="off"
                    aria-invalid={sizeError ? true : undefined}
                    aria-describedby={describedBy('edit-max-file-size', { hint: true, error: sizeError })}
                  />
                </div>
                <div className="w-24 shrink-0">
                  <Select
                    aria-label="Maximum file size unit"
                    value={maxFileSize.unit}
                    onChange={(e) => setMaxFileSize({ ...maxFileSize, unit: e.target.value as ByteUnit })}
                  >
                    {Object.keys(BYTE_UNITS).map((u) => (
                      <option key={u} value={u}>
                        {u}
                      </option>
                    ))}
                  </Select>
                </div>
              </div>
            </Field>
            <Field
              id="edit-retention-days"
              label="Retention (days)"
              hint="How long data is kept. An empty field means no limit: kept until deleted."
              error={retentionError}
            >
              <Input
                id="edit-retention-days"
                inputMode="numeric"
                value={retentionDays}
                onChange={(e) => setRetentionDays(e.target.value)}
                placeholder="No limit"
                autoComplete="off"
                aria-invalid={retentionError ? true : undefined}
                aria-describedby={describedBy('edit-retention-days', { hint: true, error: retentionError })}
              />
            </Field>
          </div>

          {err ? (
            <Alert>
              {hasFieldErrors ? 'Some fields are not valid: see the messages above.' : `The changes were not saved: ${errorMessage(err)}`}
            </Alert>
          ) : null}

          <div className="flex justify-end">
            <Button type="submit">{update.isPending ? 'Saving…' : 'Save changes'}</Button>
          </div>
        </fieldset>
      </form>
    </Card>
  );
}
