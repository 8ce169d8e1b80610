'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { useFocusFirstInvalid } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';

const linkClass = 'font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

/**
 * "Forgot password?": asks for a reset link by e-mail. The server answers the same whether or not
 * the account exists, so the page shows that answer as it is.
 */
export function ForgotPasswordForm({ defaultWorkspace = '', defaultEmail = '' }: { defaultWorkspace?: string; defaultEmail?: string }) {
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const [workspace, setWorkspace] = useState(defaultWorkspace);
  const [email, setEmail] = useState(defaultEmail);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, request.error);

  const signInHref = `/sign-in?${new URLSearchParams({ workspace, email }).toString()}`;

  if (request.data) {
    return (
      <Card role="status">
        <h1 className="text-xl font-semibold">Check your e-mail</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{request.data.message}</p>
        <p className="mt-6 text-sm">
          <Link href={signInHref} className={linkClass}>
            Back to sign in
          </Link>
        </p>
      </Card>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ workspace, email });
  }

  const workspaceError = fieldError(request.error, 'workspace');
  const emailError = fieldError(request.error, 'email');
  return (
    <Card>
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        We e-mail you a link to choose a new one. Your current password keeps working until you use it.
      </p>
      <form ref={formRef} onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
        <Field id="forgot-workspace" label="Workspace" hint="Your organisation’s workspace, e.g. acme." error={workspaceError}>
          <Input
            id="forgot-workspace"
            value={workspace}
            onChange={(e) => setWorkspace(e.target.value)}
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            required
            aria-invalid={workspaceError ? true : undefined}
            aria-describedby={describedBy('forgot-workspace', { hint: true, error: workspaceError })}
          />
        </Field>
        <Field id="forgot-email" label="Email" error={emailError}>
          <Input
            id="forgot-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="username"
            required
            aria-invalid={emailError ? true : undefined}
            aria-describedby={describedBy('forgot-email', { error: emailError })}
          />
        </Field>
        <Alert>{formErrorText(request.error, ['workspace', 'email'])}</Alert>
        <Button type="submit" className="w-full" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Send reset link'}
        </Button>
        <p className="text-center text-sm">
          <Link href={signInHref} className={linkClass}>
            Back to sign in
          </Link>
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Platform superadmins: ask another superadmin, or the operator, to reset your password.
        </p>
      </form>
    </Card>
  );
}
