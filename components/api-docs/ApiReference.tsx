'use client';

import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert } from '@/components/ui/Alert';

/** Where the console serves its OpenAPI document; the reference renders whatever it says. */
export const OPENAPI_PATH = '/api/v1/openapi.json';

// Scalar (Vue, CodeMirror, its styles) is several hundred KB: only this page loads it, once the
// document has arrived, so no other route pays for it.
const ScalarReference = lazy(() => import('./ScalarReference').then((m) => ({ default: m.ScalarReference })));

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; document: Record<string, unknown> };

async function loadDocument(): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(OPENAPI_PATH, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new Error('The API description could not be reached. Check that the console is running, then try again.');
  }
  if (!response.ok) throw new Error(`The API description could not be loaded (${OPENAPI_PATH} answered HTTP ${response.status}).`);
  const body: unknown = await response.json().catch(() => null);
  if (!body || typeof body !== 'object' || !('openapi' in body)) {
    throw new Error(`${OPENAPI_PATH} did not return an OpenAPI document.`);
  }
  return body as Record<string, unknown>;
}

/**
 * The REST API's reference: fetches the OpenAPI document first, so a missing or broken document
 * is a sentence with "Try again" rather than an empty reference, then renders it with Scalar.
 */
export function ApiReference() {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    loadDocument().then(
      (document) => current && setLoaded({ state: 'ready', document }),
      (error: unknown) => current && setLoaded({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);
  const retry = () => {
    setLoaded({ state: 'loading' });
    setAttempt((n) => n + 1);
  };

  if (loaded.state === 'failed') {
    return (
      <div className="mx-auto max-w-3xl p-4">
        <Alert onRetry={retry}>{loaded.message}</Alert>
      </div>
    );
  }
  const waiting = (
    <p aria-busy className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">
      Loading the API reference…
    </p>
  );
  if (loaded.state === 'loading') return waiting;
  return (
    <Suspense fallback={waiting}>
      <ScalarReference document={loaded.document} />
    </Suspense>
  );
}
