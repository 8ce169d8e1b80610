'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { errorMessage } from '@/components/ui/errors';
import type { GDPR_STATUSES } from '@/lib/enums';
import { formatBytes, formatNumber } from '@/lib/format';

export type ExportProgress = { step: string; done: number; total: number } | null;

/** What the export job is doing, in words (steps of server/gdpr/export/build.ts). */
const STEP_LABELS: Record<string, string> = {
  collect: 'Collecting the data',
  files: 'Copying the uploaded files',
  package: 'Packing the archive',
  store: 'Storing the archive',
  done: 'Finishing',
};

/**
 * The export of an access or portability request: its progress while the job builds it, then
 * its size and a "Download export" button, which asks for a short-lived signed link and follows
 * it (the archive arrives as a download; the page stays).
 */
export function ExportDownload({
  requestId,
  status,
  progress,
  sizeBytes,
}: {
  requestId: string;
  status: (typeof GDPR_STATUSES)[number];
  progress: ExportProgress;
  sizeBytes: number | null;
}) {
  const trpc = useTRPC();
  const link = useMutation(
    trpc.gdprExports.link.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
    }),
  );

  if (status === 'processing') {
    const percent = progress && progress.total > 0 ? (100 * progress.done) / progress.total : null;
    const step = progress ? (STEP_LABELS[progress.step] ?? 'Working') : 'Waiting for a worker';
    const detail = progress && progress.total > 0 ? ` (${formatNumber(progress.done)} of ${formatNumber(progress.total)})` : '';
    return (
      <section aria-labelledby={`export-${requestId}`} className="space-y-2">
        <h3 id={`export-${requestId}`} className="text-sm font-medium text-slate-900 dark:text-slate-100">
          Export
        </h3>
        <ProgressBar label="Building the export" value={percent} valueText={`${step}${detail}`} />
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {step}
          {detail}…
        </p>
      </section>
    );
  }

  if (status !== 'completed') {
    if (status === 'rejected' || status === 'cancelled') return null;
    return <p className="text-sm text-slate-600 dark:text-slate-400">The export is built once the request is approved.</p>;
  }

  return (
    <section aria-labelledby={`export-${requestId}`} className="space-y-2">
      <h3 id={`export-${requestId}`} className="text-sm font-medium text-slate-900 dark:text-slate-100">
        Export
      </h3>
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          A ZIP archive{sizeBytes != null ? ` of ${formatBytes(sizeBytes)}` : ''}, with a README to read in a browser.
        </p>
        <Button onClick={() => link.mutate({ requestId })} disabled={link.isPending}>
          {link.isPending ? 'Preparing the download…' : 'Download export'}
        </Button>
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">Each download is recorded in the audit log.</p>
      <Alert>{link.error ? `The download could not start: ${errorMessage(link.error)}` : null}</Alert>
    </section>
  );
}
