'use client';

import { Alert } from '@/components/ui/Alert';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { useDebounced } from '@/components/ui/hooks';

/** What the public SSO endpoint says about the workspace typed (server/sso/schema.ts SsoDiscovery). */
type Discovery = { slug: string; sso: { displayName: string } | null; passwordsAllowed: boolean };

const SLUG = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Asks whether the workspace typed offers single sign-on, once typing pauses. */
function useSsoDiscovery(workspace: string): Discovery | null {
  const slug = useDebounced(workspace.trim().toLowerCase(), 350);
  const [found, setFound] = useState<Discovery | null>(null);
  useEffect(() => {
    if (!SLUG.test(slug)) return;
    const controller = new AbortController();
    fetch(`/api/auth/sso/${encodeURIComponent(slug)}`, { signal: controller.signal, cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<Omit<Discovery, 'slug'>>) : null))
      .then((body) => setFound(body ? { slug, ...body } : null))
      // Without an answer the page offers what it always did: the password form.
      .catch(() => undefined);
    return () => controller.abort();
  }, [slug]);
  return found && found.slug === workspace.trim().toLowerCase() ? found : null;
}

export function SignInForm({
  notice,
  defaultWorkspace = '',
  defaultEmail = '',
  ssoError = null,
}: {
  notice: string | null;
  defaultWorkspace?: string;
  defaultEmail?: string;
  /** Why the last single sign-on attempt failed, as a sentence. */
  ssoError?: string | null;
}) {
  const router = useRouter();
  const [workspace, setWorkspace] = useState(defaultWorkspace);
  const discovery = useSsoDiscovery(workspace);
  const sso = discovery?.sso ? { ...discovery.sso, slug: discovery.slug } : null;
  const passwords = discovery?.passwordsAllowed ?? true;
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
            value={workspace}
            onChange={(event) => setWorkspace(event.target.value)}
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            aria-describedby="workspace-hint"
          />
        </Field>
        {sso ? (
          <div className="space-y-3">
            <a
              href={`/api/auth/sso/${encodeURIComponent(sso.slug)}/start`}
              className="inline-flex min-h-10 w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 transition-colors hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
            >
              Continue with {sso.displayName}
            </a>
            {ssoError ? <Alert>{ssoError}</Alert> : null}
            {passwords ? (
              <p className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400" aria-hidden="true">
                <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
                or with your password
                <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
              </p>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">This workspace signs in with {sso.displayName} only.</p>
            )}
          </div>
        ) : null}
        {/* Until the workspace's provider is known; then under its button, the one it concerns. */}
        {ssoError && !sso ? <Alert>{ssoError}</Alert> : null}
        {passwords ? (
          <>
            <Field id="email" label="Email">
              <Input id="email" name="email" type="email" defaultValue={defaultEmail} autoComplete="username" required />
            </Field>
            <Field id="password" label="Password">
              {/* Arriving from an accepted invitation, only the password is left to type. */}
              <Input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                autoFocus={Boolean(defaultEmail)}
              />
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
          </>
        ) : null}
      </form>
    </Card>
  );
}
