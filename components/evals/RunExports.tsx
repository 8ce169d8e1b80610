'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/components/ui/errors';
import { When } from '@/components/ui/When';
import { formatBytes } from '@/lib/format';
import type { RunDetail } from './run-types';
import { useInvalidateRuns } from './RunDialogs';

type Format = 'csv' | 'json' | 'html';

const FORMAT_LABELS: Record<Format, string> = { csv: 'CSV', json: 'JSON', html: 'HTML report' };
const link = 'font-medium text-indigo-700 hover:underline dark:text-indigo-300';

/** Follows a download link without leaving the page (the response is an attachment). */
function download(url: string, filename: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * Exports the run as CSV, JSON or a self-contained HTML report: each export is stored (the list
 * below) and downloaded at once; an HTML report can also be opened in a new tab.
 */
export function RunExports({ run }: { run: Pick<RunDetail, 'id' | 'reports' | 'status'> }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateRuns();
  const exportRun = useMutation(
    trpc.evaluations.export.mutationOptions({
      onSuccess: async (report) => {
        download(report.url, report.filename);
        await invalidate();
      },
    }),
  );
  const finished = run.status !== 'pending' && run.status !== 'running';
  const latestHtml = run.reports.find((r) => r.format === 'html');

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {(Object.keys(FORMAT_LABELS) as Format[]).map((format) => (
          <Button
            key={format}
            variant="secondary"
            disabled={!finished || exportRun.isPending}
            onClick={() => exportRun.mutate({ id: run.id, format })}
          >
            {exportRun.isPending && exportRun.variables?.format === format ? 'Exporting…' : `Export ${FORMAT_LABELS[format]}`}
          </Button>
        ))}
        {latestHtml ? (
          <a
            href={`${latestHtml.url}?inline=1`}
            target="_blank"
            rel="noopener"
            className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-indigo-700 hover:bg-slate-100 dark:text-indigo-300 dark:hover:bg-slate-800"
          >
            Open report<span className="sr-only"> (HTML, opens in a new tab)</span>
          </a>
        ) : null}
      </div>
      {!finished ? <p className="text-xs text-slate-500 dark:text-slate-400">Exports are available once the run has finished.</p> : null}
      {exportRun.isError ? <Alert>The export failed: {errorMessage(exportRun.error)}</Alert> : null}
      {run.reports.length > 0 ? (
        <div>
          <h3 className="text-sm font-medium">Stored reports</h3>
          <ul aria-label="Stored reports" className="mt-1 space-y-2 text-sm">
            {run.reports.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="w-24 font-medium">{FORMAT_LABELS[r.format]}</span>
                <span className="text-slate-600 dark:text-slate-400">
                  <When at={r.createdAt} format="dateTime" /> · {formatBytes(r.sizeBytes)}
                </span>
                <a href={r.url} download={r.filename} className={link}>
                  Download<span className="sr-only"> {r.filename}</span>
                </a>
                {r.format === 'html' ? (
                  <a href={`${r.url}?inline=1`} target="_blank" rel="noopener" className={link}>
                    Open<span className="sr-only"> {r.filename} (opens in a new tab)</span>
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
