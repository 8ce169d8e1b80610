import type { Metadata } from 'next';
import { RedeemTokenForm } from '@/components/auth/RedeemTokenForm';

// The token is in the address: keep it out of Referer headers and search engines.
export const metadata: Metadata = { title: 'Reset password', referrer: 'no-referrer', robots: { index: false, follow: false } };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-semibold tracking-tight">AgenticOmni Console</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Choose a new password for your account</p>
        </div>
        <RedeemTokenForm token={token} kind="password_reset" />
      </div>
    </main>
  );
}
