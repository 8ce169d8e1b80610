import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { getPrincipal, homePath } from '@/server/auth/guards';
import { messageForReason } from '@/server/sso/failures';

export const metadata: Metadata = { title: 'Sign in' };

const ENDED: Record<string, string> = {
  deactivated: 'Your account has been deactivated, so you were signed out.',
  suspended: 'Your workspace has been suspended, so you were signed out.',
  unknown: 'Your session has ended. Sign in again.',
};

type Params = { ended?: string; workspace?: string | string[]; email?: string | string[]; sso_error?: string | string[] };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Params> }) {
  const principal = await getPrincipal();
  if (principal) redirect(homePath(principal));
  const { ended, workspace, email, sso_error: ssoError } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">AgenticOmni Console</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Sign in to your workspace</p>
        </div>
        <SignInForm
          notice={ended ? (ENDED[ended] ?? ENDED.unknown!) : null}
          defaultWorkspace={first(workspace).slice(0, 100)}
          defaultEmail={first(email).slice(0, 320)}
          ssoError={messageForReason(first(ssoError).slice(0, 40))}
        />
      </div>
    </main>
  );
}
