'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { useParams } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Checkbox } from '@/components/ui/Checkbox';
import { CopyField } from '@/components/ui/CopyField';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { Textarea } from '@/components/ui/Textarea';
import { When } from '@/components/ui/When';
import { errorMessage, fieldErrors, formErrorText } from '@/components/ui/errors';
import { useFocusFirstInvalid, useUnsavedChangesWarning } from '@/components/ui/hooks';
import type { AppRouter } from '@/server/trpc/root';

type SsoSettings = inferRouterOutputs<AppRouter>['sso']['get'];
type SsoInput = inferRouterInputs<AppRouter>['sso']['update'];
type RoleOption = inferRouterOutputs<AppRouter>['sso']['roleOptions'][number];

const FIELDS = ['displayName', 'issuer', 'clientId', 'clientSecret', 'allowedDomains', 'jitRoleId', 'passwordsAllowed', 'enabled'];

/** Single sign-on (OpenID Connect): the provider, who may sign in, provisioning, and whether passwords remain. */
export function SsoSettingsCard() {
  const trpc = useTRPC();
  const id = useId();
  const saved = useQuery({ ...trpc.sso.get.queryOptions(), refetchOnWindowFocus: false });
  const roles = useQuery({ ...trpc.sso.roleOptions.queryOptions(), refetchOnWindowFocus: false });
  return (
    <Card id="single-sign-on" className="scroll-mt-20">
      <section aria-labelledby={`${id}-title`} className="space-y-5">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Single sign-on
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            People of this workspace sign in through your identity provider (OpenID Connect: Okta, Microsoft Entra ID, Google Workspace,
            Keycloak…). Run a Test sign-in before you rely on it.
          </p>
        </div>
        {saved.isPending || roles.isPending ? (
          <p className="text-sm text-slate-500 dark:text-slate-400" aria-busy="true">
            Loading single sign-on…
          </p>
        ) : saved.isError || roles.isError ? (
          <Alert onRetry={() => void Promise.all([saved.refetch(), roles.refetch()])}>
            Could not load single sign-on: {errorMessage(saved.error ?? roles.error)}
          </Alert>
        ) : (
          // Remounted after each save, so the form starts again from what was stored.
          <SsoForm key={saved.data.updatedAt?.toISOString() ?? 'new'} saved={saved.data} roles={roles.data} />
        )}
      </section>
    </Card>
  );
}

function SsoForm({ saved, roles }: { saved: SsoSettings; roles: RoleOption[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const { slug } = useParams<{ slug: string }>();
  const formRef = useRef<HTMLFormElement>(null);
  const [displayName, setDisplayName] = useState(saved.displayName);
  const [issuer, setIssuer] = useState(saved.issuer);
  const [clientId, setClientId] = useState(saved.clientId);
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState(saved.allowedDomains.join('\n'));
  const [jitRoleId, setJitRoleId] = useState(saved.jitRoleId ?? '');
  const [enabled, setEnabled] = useState(saved.configured ? saved.enabled : true);
  const [passwordsAllowed, setPasswordsAllowed] = useState(saved.passwordsAllowed);

  const save = useMutation(
    trpc.sso.update.mutationOptions({
      onSuccess: (result) => {
        qc.setQueryData(trpc.sso.get.queryKey(), result);
        toast.success(result.testedAt ? 'Single sign-on saved.' : 'Single sign-on saved. Run a Test sign-in next.');
      },
    }),
  );
  useFocusFirstInvalid(formRef, save.error);

  const domainList = domains
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);
  const dirty =
    displayName !== saved.displayName ||
    issuer !== saved.issuer ||
    clientId !== saved.clientId ||
    clientSecret !== '' ||
    domainList.join(',') !== saved.allowedDomains.join(',') ||
    jitRoleId !== (saved.jitRoleId ?? '') ||
    enabled !== (saved.configured ? saved.enabled : true) ||
    passwordsAllowed !== saved.passwordsAllowed;
  useUnsavedChangesWarning(dirty);

  const errors = fieldErrors(save.error);
  const error = (field: string) =>
    Object.entries(errors)
      .filter(([key]) => key === field || key.startsWith(`${field}.`))
      .flatMap(([, messages]) => messages)
      .join(' ') || null;
  const canTurnPasswordsOff = saved.enabled && Boolean(saved.testedAt);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input: SsoInput = {
      displayName,
      issuer,
      clientId,
      ...(clientSecret.trim() ? { clientSecret } : {}),
      allowedDomains: domainList,
      jitRoleId: jitRoleId || null,
      passwordsAllowed,
      enabled,
    };
    save.mutate(input);
  };

  const field = (name: string) => `${id}-${name}`;
  const testHref = `/api/auth/sso/${encodeURIComponent(slug)}/start?mode=test`;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      <CopyField
        label="Redirect URI"
        value={saved.redirectUri}
        hint="Register this as the redirect (callback) URI of the console’s client at your identity provider."
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Field id={field('name')} label="Name on the sign-in button" hint="“Continue with …”, e.g. Okta." error={error('displayName')}>
          <Input
            id={field('name')}
            value={displayName}
            maxLength={60}
            onChange={(e) => setDisplayName(e.target.value)}
            aria-invalid={Boolean(error('displayName'))}
            aria-describedby={describedBy(field('name'), { hint: true, error: error('displayName') })}
          />
        </Field>
        <Field
          id={field('issuer')}
          label="Issuer URL"
          hint="Where the provider publishes /.well-known/openid-configuration."
          error={error('issuer')}
        >
          <Input
            id={field('issuer')}
            type="url"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder="https://login.example.com"
            value={issuer}
            maxLength={500}
            onChange={(e) => setIssuer(e.target.value)}
            aria-invalid={Boolean(error('issuer'))}
            aria-describedby={describedBy(field('issuer'), { hint: true, error: error('issuer') })}
          />
        </Field>
        <Field id={field('client')} label="Client ID" error={error('clientId')}>
          <Input
            id={field('client')}
            spellCheck={false}
            autoComplete="off"
            value={clientId}
            maxLength={300}
            onChange={(e) => setClientId(e.target.value)}
            aria-invalid={Boolean(error('clientId'))}
            aria-describedby={describedBy(field('client'), { error: error('clientId') })}
          />
        </Field>
        <Field
          id={field('secret')}
          label="Client secret"
          hint={
            saved.hasClientSecret
              ? 'Saved and encrypted. Leave empty to keep it; type a new one to replace it.'
              : 'Stored encrypted, never shown again.'
          }
          error={error('clientSecret')}
        >
          <Input
            id={field('secret')}
            type="password"
            autoComplete="new-password"
            placeholder={saved.hasClientSecret ? '•••••••• saved' : ''}
            value={clientSecret}
            maxLength={500}
            onChange={(e) => setClientSecret(e.target.value)}
            aria-invalid={Boolean(error('clientSecret'))}
            aria-describedby={describedBy(field('secret'), { hint: true, error: error('clientSecret') })}
          />
        </Field>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Field
          id={field('domains')}
          label="Allowed e-mail domains"
          hint="One per line, e.g. example.com (at most 20). Only verified addresses at exactly these domains may sign in."
          error={error('allowedDomains')}
        >
          <Textarea
            id={field('domains')}
            rows={3}
            spellCheck={false}
            value={domains}
            onChange={(e) => setDomains(e.target.value)}
            aria-invalid={Boolean(error('allowedDomains'))}
            aria-describedby={describedBy(field('domains'), { hint: true, error: error('allowedDomains') })}
          />
        </Field>
        <Field
          id={field('role')}
          label="People signing in for the first time"
          hint="Without an account they are refused, unless you give them a role here. Only roles whose permissions you hold."
          error={error('jitRoleId')}
        >
          <Select
            id={field('role')}
            value={jitRoleId}
            onChange={(e) => setJitRoleId(e.target.value)}
            aria-invalid={Boolean(error('jitRoleId'))}
            aria-describedby={describedBy(field('role'), { hint: true, error: error('jitRoleId') })}
          >
            <option value="">Refuse them (no provisioning)</option>
            {roles.map((role) => (
              <option key={role.id} value={role.id} disabled={!role.grantable}>
                Add them as {role.name}
                {role.grantable ? '' : ' (more than you hold)'}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="space-y-3">
        <label className="flex items-start gap-2 text-sm">
          <Checkbox checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>
            <span className="font-medium">Offer single sign-on on the sign-in page</span>
            <span className="block text-xs text-slate-500 dark:text-slate-400">Test sign-in works before this is on.</span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <Checkbox
            checked={passwordsAllowed}
            onChange={(e) => setPasswordsAllowed(e.target.checked)}
            disabled={passwordsAllowed && !canTurnPasswordsOff}
            aria-describedby={`${id}-passwords-hint`}
          />
          <span>
            <span className="font-medium">Passwords remain allowed</span>
            <span id={`${id}-passwords-hint`} className="block text-xs text-slate-500 dark:text-slate-400">
              {canTurnPasswordsOff
                ? 'Turned off, the workspace’s people sign in only through the provider. Platform superadmins are not affected.'
                : 'Can be turned off once single sign-on is on and a Test sign-in has succeeded with the saved settings.'}
            </span>
          </span>
        </label>
      </div>
      <TestResult saved={saved} />
      <Alert>{formErrorText(save.error, FIELDS)}</Alert>
      <div className="flex flex-wrap items-center justify-end gap-2">
        {saved.configured && !dirty ? (
          <a
            href={testHref}
            className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
          >
            Test sign-in
          </a>
        ) : (
          <Button variant="secondary" disabled title="Save the settings first, then test them.">
            Test sign-in
          </Button>
        )}
        <Button type="submit" disabled={save.isPending} aria-label={save.isPending ? undefined : 'Save single sign-on'}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}

/** What the last Test sign-in found, and whether it counts for the saved settings. */
function TestResult({ saved }: { saved: SsoSettings }) {
  const last = saved.lastTest;
  if (!last) {
    return saved.configured ? (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Not tested with these settings yet.
      </p>
    ) : null;
  }
  return (
    <div
      role="status"
      className={
        last.ok
          ? 'rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100'
          : 'rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100'
      }
    >
      <p>{last.message}</p>
      <p className="mt-1 text-xs opacity-80">
        <When at={new Date(last.at)} />
      </p>
    </div>
  );
}
