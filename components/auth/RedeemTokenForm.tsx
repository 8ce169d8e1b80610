'use client';

import { Alert } from '@/components/ui/Alert';
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage, fieldError } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { formatDateTime } from '@/lib/format';
import { Input } from '@/components/ui/Input';

const linkButton =
  'inline-flex min-h-10 w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500';

function signInHref(slug: string, email: string) {
  return `/sign-in?${new URLSearchParams({ workspace: slug, email }).toString()}`;
}

/** Accepting an invitation or resetting a password from a one-time link, before signing in. */
export function RedeemTokenForm({ token, kind }: { token: string; kind: 'invite' | 'password_reset' }) {
  const trpc = useTRPC();
  const link = useQuery({
    ...trpc.auth.inspectToken.queryOptions({ token }),
    retry: false,
    // The link is single-use: once redeemed, a refetch would call it invalid.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const redeem = useMutation(trpc.auth.redeemToken.mutationOptions());
  const [fullName, setFullName] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState<string | null>(null);

  if (redeem.data) {
    const invited = link.data?.purpose === 'invite' || kind === 'invite';
    return (
      <Card role="status">
        <h1 className="text-xl font-semibold">{invited ? 'You’re in' : 'Password changed'}</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          {invited
            ? `Your account in ${link.data?.tenantName ?? 'the workspace'} is ready. Sign in with ${redeem.data.email} and the password you chose.`
            : `Sign in with ${redeem.data.email} and your new password.`}
        </p>
        <Link href={signInHref(redeem.data.tenantSlug, redeem.data.email)} className={`${linkButton} mt-6`}>
          Sign in
        </Link>
      </Card>
    );
  }

  if (link.isPending) {
    return (
      <Card>
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          Checking your link…
        </p>
      </Card>
    );
  }

  if (link.error) {
    return (
      <Card role="alert">
        <h1 className="text-xl font-semibold">This link can’t be used</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{fieldError(link.error, 'token') ?? errorMessage(link.error)}</p>
        <Link href="/sign-in" className={`${linkButton} mt-6`}>
          Go to sign in
        </Link>
      </Card>
    );
  }

  const info = link.data;
  const invite = info.purpose === 'invite';
  const name = fullName ?? info.fullName;
  const passwordError = fieldError(redeem.error, 'password');
  const nameError = fieldError(redeem.error, 'fullName');
  const otherError = redeem.error && !passwordError && !nameError ? errorMessage(redeem.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setMismatch('The passwords don’t match. Type the same password twice.');
      return;
    }
    setMismatch(null);
    redeem.mutate({ token, password, ...(invite ? { fullName: name } : {}) });
  }

  return (
    <Card>
      <h1 className="text-xl font-semibold">{invite ? `Join ${info.tenantName}` : 'Choose a new password'}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {invite ? (
          <>
            You were invited as <strong className="break-all">{info.email}</strong>. Choose your name and a password to finish.
          </>
        ) : (
          <>
            For <strong className="break-all">{info.email}</strong> in {info.tenantName}.
          </>
        )}{' '}
        This link expires {formatDateTime(info.expiresAt)}.
      </p>
      <form onSubmit={onSubmit} noValidate className="mt-5 space-y-4">
        {/* Lets password managers store the new password against the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={info.email} />
        {invite ? (
          <Field id="full-name" label="Full name" error={nameError}>
            <Input
              id="full-name"
              value={name}
              onChange={(e) => setFullName(e.target.value)}
              autoComplete="name"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? 'full-name-error' : undefined}
            />
          </Field>
        ) : null}
        <Field id="new-password" label="Password" hint="At least 10 characters." error={passwordError}>
          <Input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? 'new-password-error' : 'new-password-hint'}
          />
        </Field>
        <Field id="confirm-password" label="Confirm password" error={mismatch}>
          <Input
            id="confirm-password"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={mismatch ? true : undefined}
            aria-describedby={mismatch ? 'confirm-password-error' : undefined}
          />
        </Field>
        {otherError ? <Alert>{otherError}</Alert> : null}
        <Button type="submit" className="w-full" disabled={redeem.isPending}>
          {redeem.isPending ? 'Saving…' : invite ? 'Accept invitation' : 'Set new password'}
        </Button>
      </form>
    </Card>
  );
}
