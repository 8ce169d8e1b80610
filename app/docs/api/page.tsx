import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiReference, OPENAPI_PATH } from '@/components/api-docs/ApiReference';

export const metadata: Metadata = { title: 'REST API reference' };

/** Public: the REST API's reference, rendered from the OpenAPI document the server generates. */
export default function ApiReferencePage() {
  return (
    <div className="min-h-screen">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
        <Link href="/" className="font-semibold tracking-tight">
          AgenticOmni Console
        </Link>
        <h1 className="text-slate-600 dark:text-slate-300">REST API reference</h1>
        <span className="ml-auto text-slate-500 dark:text-slate-400">
          OpenAPI 3.1:{' '}
          <a className="underline" href={OPENAPI_PATH}>
            {OPENAPI_PATH}
          </a>
        </span>
      </header>
      <main>
        <ApiReference />
      </main>
    </div>
  );
}
