'use client';

import {
  BYTE_UNITS,
  bytesToField,
  countToField,
  parseBytes,
  parseCount,
  parsePercent,
  parseUsd,
  usdToField,
  type ByteUnit,
} from '@/lib/quota-units';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import type { Quotas } from './tenant-helpers';

const COUNT_FIELDS = [
  { key: 'maxTokensPerDay', label: 'Tokens per day', hint: 'Input and output tokens, whole tenant.' },
  { key: 'maxTokensPerUserPerDay', label: 'Tokens per user per day', hint: 'For each person; at most the tenant’s.' },
  { key: 'maxTokensPerApiKeyPerDay', label: 'Tokens per API key per day', hint: 'For each key; at most the tenant’s.' },
  { key: 'maxRequestsPerMinute', label: 'Requests per minute', hint: 'Model calls, whole tenant.' },
  { key: 'maxIngestionsPerDay', label: 'Ingestions per day', hint: 'Documents processed.' },
] as const satisfies ReadonlyArray<{ key: keyof Quotas; label: string; hint: string }>;

type CountKey = (typeof COUNT_FIELDS)[number]['key'];
export type QuotaDraft = Record<CountKey, string> & { storage: string; storageUnit: ByteUnit; cost: string; threshold: string };
export type QuotaErrors = Partial<Record<keyof Quotas, string>>;

/** The saved quotas as the editor's text: separators on counts, storage in MB or GB, USD. */
export function quotaDraft(quotas: Quotas): QuotaDraft {
  const storage = bytesToField(quotas.maxStorageBytes);
  const counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f.key, countToField(quotas[f.key])])) as Record<CountKey, string>;
  return {
    ...counts,
    storage: storage.amount,
    storageUnit: storage.unit,
    cost: usdToField(quotas.maxCostPerMonthUsd),
    threshold: String(quotas.softThresholdPercent),
  };
}

/** The editor's text as the API takes it, or the errors to show beside each field. */
export function parseQuotaDraft(draft: QuotaDraft): { ok: true; quotas: Quotas } | { ok: false; errors: QuotaErrors } {
  const errors: QuotaErrors = {};
  const quotas = {} as Quotas;
  for (const f of COUNT_FIELDS) {
    const parsed = parseCount(draft[f.key]);
    if (parsed.ok) quotas[f.key] = parsed.value;
    else errors[f.key] = parsed.error;
  }
  const storage = parseBytes(draft.storage, draft.storageUnit);
  if (storage.ok) quotas.maxStorageBytes = storage.value;
  else errors.maxStorageBytes = storage.error;
  const cost = parseUsd(draft.cost);
  if (cost.ok) quotas.maxCostPerMonthUsd = cost.value;
  else errors.maxCostPerMonthUsd = cost.error;
  const threshold = parsePercent(draft.threshold);
  if (threshold.ok) quotas.softThresholdPercent = threshold.value;
  else errors.softThresholdPercent = threshold.error;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, quotas };
}

/**
 * Every quota of a tenant in units that match: tokens as whole numbers with separators, storage as
 * MB or GB, the cost cap in USD. An empty field is "No limit", and says so.
 */
export function QuotaFields({
  draft,
  onChange,
  errorOf,
  idPrefix = 'edit-quota',
  note = 'An empty field means no limit.',
}: {
  draft: QuotaDraft;
  onChange: (next: QuotaDraft) => void;
  errorOf: (key: keyof Quotas) => string | null | undefined;
  /** Keeps the inputs' ids apart when two editors could share a page. */
  idPrefix?: string;
  note?: string;
}) {
  const set = (patch: Partial<QuotaDraft>) => onChange({ ...draft, ...patch });
  const storageError = errorOf('maxStorageBytes');
  const costError = errorOf('maxCostPerMonthUsd');
  const thresholdError = errorOf('softThresholdPercent');
  return (
    <fieldset>
      <legend className="text-sm font-semibold">Quotas</legend>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{note}</p>
      <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {COUNT_FIELDS.map((f) => {
          const id = `${idPrefix}-${f.key}`;
          const error = errorOf(f.key);
          return (
            <Field key={f.key} id={id} label={f.label} hint={f.hint} error={error}>
              <Input
                id={id}
                inputMode="numeric"
                value={draft[f.key]}
                onChange={(e) => set({ [f.key]: e.target.value })}
                onBlur={() => {
                  const parsed = parseCount(draft[f.key]);
                  if (parsed.ok) set({ [f.key]: countToField(parsed.value) });
                }}
                placeholder="No limit"
                autoComplete="off"
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(id, { hint: true, error })}
              />
            </Field>
          );
        })}
        <Field id={`${idPrefix}-maxStorageBytes`} label="Storage" hint="Files stored, in MB or GB." error={storageError}>
          <div className="flex gap-2">
            <div className="min-w-0 flex-1">
              <Input
                id={`${idPrefix}-maxStorageBytes`}
                inputMode="decimal"
                value={draft.storage}
                onChange={(e) => set({ storage: e.target.value })}
                placeholder="No limit"
                autoComplete="off"
                aria-invalid={storageError ? true : undefined}
                aria-describedby={describedBy(`${idPrefix}-maxStorageBytes`, { hint: true, error: storageError })}
              />
            </div>
            <div className="w-24 shrink-0">
              <Select
                aria-label="Storage unit"
                value={draft.storageUnit}
                onChange={(e) => set({ storageUnit: e.target.value as ByteUnit })}
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
          id={`${idPrefix}-maxCostPerMonthUsd`}
          label="Cost cap per month (USD)"
          hint="Priced usage, tenant-local month."
          error={costError}
        >
          <Input
            id={`${idPrefix}-maxCostPerMonthUsd`}
            inputMode="decimal"
            value={draft.cost}
            onChange={(e) => set({ cost: e.target.value })}
            placeholder="No limit"
            autoComplete="off"
            aria-invalid={costError ? true : undefined}
            aria-describedby={describedBy(`${idPrefix}-maxCostPerMonthUsd`, { hint: true, error: costError })}
          />
        </Field>
        <Field
          id={`${idPrefix}-softThresholdPercent`}
          label="Warn admins at (%)"
          hint="Share of each limit at which admins are e-mailed; 80 % by default."
          error={thresholdError}
        >
          <Input
            id={`${idPrefix}-softThresholdPercent`}
            inputMode="numeric"
            value={draft.threshold}
            onChange={(e) => set({ threshold: e.target.value })}
            autoComplete="off"
            aria-invalid={thresholdError ? true : undefined}
            aria-describedby={describedBy(`${idPrefix}-softThresholdPercent`, { hint: true, error: thresholdError })}
          />
        </Field>
      </div>
    </fieldset>
  );
}
