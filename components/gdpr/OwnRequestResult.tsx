'use client';

import { ExportDownload } from './ExportDownload';
import type { GdprRequest } from './labels';

/** What a completed request of one's own gives back: the export to download, for access and portability. */
export function OwnRequestResult({ request }: { request: GdprRequest }) {
  if (request.type !== 'access' && request.type !== 'portability') return null;
  return (
    <div className="mt-2">
      <ExportDownload requestId={request.id} status={request.status} progress={request.progress} sizeBytes={request.exportSizeBytes} />
    </div>
  );
}
