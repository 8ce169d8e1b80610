'use client';

import { skipToken, useQuery } from '@tanstack/react-query';
import { AUDIT_STATUSES } from '@/lib/enums';
import type { AUDIT_LIST } from '@/lib/list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { ListSearch } from '@/components/ui/ListSearch';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import type { ListParamsState } from '@/components/ui/use-list-params';
import { STATUS_LABELS, type AuditScope } from './audit-labels';

type AuditParams = ListParamsState<never, keyof NonNullable<(typeof AUDIT_LIST)['filters']>>;

const fieldError = 'col-span-full text-sm text-red-600 dark:text-red-400';

/** The audit log's filters; actions and resource types are the ones the chain has actually seen. */
export function AuditFilters({ scope, params, toError }: { scope: AuditScope; params: AuditParams; toError: string | null }) {
  const trpc = useTRPC();
  // Both chains' hooks are always called (rules of hooks); the other scope's stays idle.
  const tenantFacets = useQuery(trpc.audit.facets.queryOptions(scope === 'tenant' ? undefined : skipToken));
  const globalFacets = useQuery(trpc.audit.facetsGlobal.queryOptions(scope === 'global' ? undefined : skipToken));
  const facets = scope === 'global' ? globalFacets : tenantFacets;
  const { action, resource, status, from, to } = params.filters;

  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      onSubmit={(e) => e.preventDefault()}
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4"
    >
      <div className="col-span-2 sm:col-span-3 lg:col-span-2">
        <ListSearch id="audit-actor" label="Actor" placeholder="Email, name or id" params={params} />
      </div>
      <div className="col-span-2 sm:col-span-1">
        <Field id="audit-action" label="Action">
          <Select id="audit-action" value={action} onChange={(e) => params.setFilter('action', e.target.value)}>
            <option value="">All actions</option>
            {(facets.data?.actions ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field id="audit-resource-type" label="Resource type">
        <Select id="audit-resource-type" value={resource} onChange={(e) => params.setFilter('resource', e.target.value)}>
          <option value="">All types</option>
          {(facets.data?.resourceTypes ?? []).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="audit-status" label="Status">
        <Select id="audit-status" value={status} onChange={(e) => params.setFilter('status', e.target.value)}>
          <option value="">All statuses</option>
          {AUDIT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="audit-from" label="From">
        <Input id="audit-from" type="date" value={from} max={to || undefined} onChange={(e) => params.setFilter('from', e.target.value)} />
      </Field>
      <Field id="audit-to" label="To (inclusive)">
        <Input
          id="audit-to"
          type="date"
          value={to}
          min={from || undefined}
          onChange={(e) => params.setFilter('to', e.target.value)}
          aria-invalid={toError ? true : undefined}
          aria-describedby={toError ? 'audit-to-error' : undefined}
        />
      </Field>
      {toError ? (
        <p id="audit-to-error" role="alert" className={fieldError}>
          {toError}
        </p>
      ) : null}
      {facets.error ? (
        <p role="alert" className={fieldError}>
          The action and resource type lists could not be loaded: {errorMessage(facets.error)}
        </p>
      ) : null}
    </form>
  );
}
