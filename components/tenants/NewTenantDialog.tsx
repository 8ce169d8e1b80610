'use client';

import { Alert } from '@/components/ui/Alert';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { TENANT_PLANS } from '@/lib/enums';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { CopyField } from '@/components/ui/CopyField';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage, fieldError, fieldErrors } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { formatDateTime } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { DEFAULT_QUOTAS } from '@/lib/quota-defaults';
import { parseQuotaDraft, QuotaFields, quotaDraft, type QuotaDraft, type QuotaErrors } from './QuotaFields';
import { errorCode, PLAN_LABELS, slugify, type TenantPlan } from './tenant-helpers';

type Form = {
  name: string;
  slug: string;
  slugEdited: boolean;
  plan: TenantPlan;
  adminEmail: string;
  quotas: QuotaDraft;
};

const EMPTY: Form = {
  name: '',
  slug: '',
  slugEdited: false,
  plan: 'trial',
  adminEmail: '',
  quotas: quotaDraft(DEFAULT_QUOTAS),
};

/** Creates a tenant and its first admin's invitation; the link is shown once, here. */
export function NewTenantDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const [quotaErrors, setQuotaErrors] = useState<QuotaErrors>({});
  const create = useMutation(
    trpc.tenants.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.tenants.list.queryKey() }),
    }),
  );

  function close(next: boolean) {
    onOpenChange(next);
    if (!next) {
      setForm(EMPTY);
      setQuotaErrors({});
      create.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseQuotaDraft(form.quotas);
    setQuotaErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    create.mutate({ name: form.name, slug: form.slug, plan: form.plan, adminEmail: form.adminEmail, quotas: parsed.quotas });
  }

  const err = create.error;
  const slugError = fieldError(err, 'slug') ?? (errorCode(err) === 'CONFLICT' ? errorMessage(err) : null);
  const hasFieldErrors = Object.keys(fieldErrors(err)).length > 0;
  const formError = err && !hasFieldErrors && !slugError ? errorMessage(err) : null;
  const created = create.data;

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={created ? 'Tenant created' : 'New tenant'}
      description={created ? undefined : 'The tenant is created active, with an invitation for its first admin.'}
      wide
    >
      {created ? (
        <div className="space-y-4">
          <p role="status" className="text-sm">
            <strong>{created.tenant.name}</strong> is ready at <span className="font-mono">/t/{created.tenant.slug}</span>.
          </p>
          {created.invitation.url ? (
            <CopyField
              label="Invitation link"
              value={created.invitation.url}
              hint={`E-mail is not configured on this console, so nothing was sent (the message waits in the outbox): give this link to the first admin yourself; it is shown once and expires ${formatDateTime(created.invitation.expiresAt)}.`}
            />
          ) : (
            <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
              An invitation is on its way by e-mail to <strong>{created.invitation.delivery.to}</strong>; it expires{' '}
              {formatDateTime(created.invitation.expiresAt)}. If it does not arrive, the outbox shows why.
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Link
              href={`/admin/tenants/${created.tenant.id}`}
              className="inline-flex min-h-10 items-center rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Open tenant
            </Link>
            <Button onClick={() => close(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="tenant-name" label="Name" error={fieldError(err, 'name')}>
              <Input
                id="tenant-name"
                value={form.name}
                onChange={(e) => {
                  const name = e.target.value;
                  setForm((f) => ({ ...f, name, slug: f.slugEdited ? f.slug : slugify(name) }));
                }}
                required
                autoComplete="organization"
                aria-invalid={fieldError(err, 'name') ? true : undefined}
                aria-describedby={describedBy('tenant-name', { error: fieldError(err, 'name') })}
              />
            </Field>
            <Field
              id="tenant-slug"
              label="Slug"
              hint="Lowercase letters, digits and hyphens; the workspace’s address and sign-in name."
              error={slugError}
            >
              <Input
                id="tenant-slug"
                value={form.slug}
                onChange={(e) => {
                  const slug = e.target.value.toLowerCase();
                  // Emptying the field hands it back to the suggestion from the name.
                  setForm((f) => ({ ...f, slug, slugEdited: slug !== '' }));
                }}
                required
                autoCapitalize="none"
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
                aria-invalid={slugError ? true : undefined}
                aria-describedby={describedBy('tenant-slug', { hint: true, error: slugError })}
              />
            </Field>
            <Field id="tenant-plan" label="Plan" error={fieldError(err, 'plan')}>
              <Select id="tenant-plan" value={form.plan} onChange={(e) => setForm((f) => ({ ...f, plan: e.target.value as TenantPlan }))}>
                {TENANT_PLANS.map((p) => (
                  <option key={p} value={p}>
                    {PLAN_LABELS[p]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              id="tenant-admin-email"
              label="First admin email"
              hint="They receive admin rights when they accept the invitation."
              error={fieldError(err, 'adminEmail')}
            >
              <Input
                id="tenant-admin-email"
                type="email"
                value={form.adminEmail}
                onChange={(e) => setForm((f) => ({ ...f, adminEmail: e.target.value }))}
                required
                autoComplete="off"
                aria-invalid={fieldError(err, 'adminEmail') ? true : undefined}
                aria-describedby={describedBy('tenant-admin-email', { hint: true, error: fieldError(err, 'adminEmail') })}
              />
            </Field>
          </div>

          <div className="rounded-md border border-slate-200 p-4 dark:border-slate-700">
            <QuotaFields
              draft={form.quotas}
              onChange={(quotas) => setForm((f) => ({ ...f, quotas }))}
              errorOf={(key) => quotaErrors[key] ?? fieldError(err, `quotas.${key}`)}
              idPrefix="new-quota"
              note="Filled with the platform defaults. An empty field means no limit."
            />
          </div>

          {formError || hasFieldErrors ? <Alert>{formError ?? 'Some fields are not valid: see the messages above.'}</Alert> : null}

          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create tenant'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
