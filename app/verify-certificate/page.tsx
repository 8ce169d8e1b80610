import type { Metadata } from 'next';
import { VerifyCertificateForm } from '@/components/gdpr/VerifyCertificateForm';

export const metadata: Metadata = { title: 'Verify a certificate of erasure' };

/** Public: whoever holds a certificate of erasure checks it here, signed in or not. */
export default function VerifyCertificatePage() {
  return (
    <main className="flex min-h-screen justify-center p-4 sm:items-center">
      <div className="w-full max-w-2xl">
        <p className="mb-4 text-center text-2xl font-semibold tracking-tight">AgenticOmni Console</p>
        <VerifyCertificateForm />
        <p className="mt-4 text-center text-xs text-slate-500 dark:text-slate-400">
          The public keys are at{' '}
          <a className="underline" href="/api/gdpr/certificates/public-key">
            /api/gdpr/certificates/public-key
          </a>
          .
        </p>
      </div>
    </main>
  );
}
