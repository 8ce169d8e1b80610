import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ForgotPasswordForm } from '@/components/auth/ForgotPasswordForm';
import { getPrincipal, homePath } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Forgot password' };

type Params = { workspace?: string | string[]; email?: string | string[] };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<Params> }) {
  const principal = await getPrincipal();
  if (principal) redirect(homePath(principal));
  const { workspace, email } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-semibold tracking-tight">AgenticOmni Console</p>
        </div>
        <ForgotPasswordForm defaultWorkspace={first(workspace).slice(0, 100)} defaultEmail={first(email).slice(0, 320)} />
      </div>
    </main>
  );
}
