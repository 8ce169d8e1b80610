'use client';

import type { GdprRequest } from './labels';

/** What a completed request of one's own gives back (the export to download, for access). */
export function OwnRequestResult({ request }: { request: GdprRequest }) {
  if (request.type !== 'access' && request.type !== 'portability') return null;
  return null;
}
