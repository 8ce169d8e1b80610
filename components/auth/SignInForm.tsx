'use client';

import { Alert } from '@/components/ui/Alert';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';

export function SignInForm({
  notice,
  defaultWorkspace = '',
  defaultEmail = '',
}: {
  notice: string | null;
  defaultWorkspace?: string;
  defaultEmail?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // What was typed goes along, so the reset form needs no second typing.
  function openForgot(event: MouseEvent<HTMLAnchorElement>) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || !formRef.current) return;
    event.preventDefault();
    const form = new FormData(formRef.current);
    const params = new URLSearchParams({ workspace: String(form.get('workspace') ?? ''), email: String(form.get('email') ?? '') });
    router.push(`/forgot-password?${params.toString()}`);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      redirect: false,
      workspace: String(form.get('workspace') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Sign-in failed. Try again.');
      return;
    }
    router.replace('/');
    router.refresh();
  }

  return (
    <Card>
      <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate>
        {notice ? (
          <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
            {notice}
          </p>
        ) : null}
        <Field
          id="workspace"
          label="Workspace"
          hint="Your organisation’s workspace, e.g. acme. Leave empty if you are a platform superadmin."
        >
          <Input
            id="workspace"
            name="workspace"
            defaultValue={defaultWorkspace}
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            aria-describedby="workspace-hint"
          />
        </Field>
        <Field id="email" label="Email">
          <Input id="email" name="email" type="email" defaultValue={defaultEmail} autoComplete="username" required />
        </Field>
        <Field id="password" label="Password">
          {/* Arriving from an accepted invitation, only the password is left to type. */}
          <Input id="password" name="password" type="password" autoComplete="current-password" required autoFocus={Boolean(defaultEmail)} />
        </Field>
        {error ? <Alert>{error}</Alert> : null}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
        {/* After the button, so Tab goes from the password straight to "Sign in". */}
        <p className="text-center text-sm">
          <Link
            href="/forgot-password"
            onClick={openForgot}
            className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
          >
            Forgot password?
          </Link>
        </p>
      </form>
    </Card>
  );
}
