'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { auditFilters } from '@/lib/list-specs';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/components/ui/errors';
import type { AuditScope } from './audit-labels';

function download(filename: string, text: string) {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV export of the filtered entries and verification of the whole chain, with their outcomes. */
export function AuditTools({
  scope,
  filters,
  disabled,
  filtered,
  onClear,
}: {
  scope: AuditScope;
  filters: ReturnType<typeof auditFilters>;
  /** The dates contradict each other: there is nothing to export. */
  disabled: boolean;
  filtered: boolean;
  onClear: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const exportCsv = useMutation({
    mutationFn: () =>
      scope === 'global'
        ? queryClient.fetchQuery({ ...trpc.audit.exportGlobal.queryOptions(filters), staleTime: 0 })
        : queryClient.fetchQuery({ ...trpc.audit.export.queryOptions(filters), staleTime: 0 }),
    onSuccess: (result) => download(result.filename, result.csv),
  });
  const verify = useMutation({
    mutationFn: () =>
      scope === 'global'
        ? queryClient.fetchQuery({ ...trpc.audit.verifyGlobal.queryOptions(), staleTime: 0 })
        : queryClient.fetchQuery({ ...trpc.audit.verify.queryOptions(), staleTime: 0 }),
  });

  // An export's summary speaks of the filters it ran with: other filters, no summary.
  const filterKey = JSON.stringify(filters);
  const { reset: resetExport } = exportCsv;
  useEffect(() => resetExport(), [filterKey, resetExport]);

  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending || disabled}>
          {exportCsv.isPending ? 'Exporting…' : 'Export CSV'}
        </Button>
        <Button variant="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </Button>
        {filtered ? (
          <Button variant="ghost" onClick={onClear}>
            Clear filters
          </Button>
        ) : null}
      </div>

      <div aria-live="polite" className="space-y-2 empty:hidden">
        {exportCsv.error ? <Alert>The export failed: {errorMessage(exportCsv.error)}</Alert> : null}
        {exportCsv.data ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Exported {formatNumber(exportCsv.data.rows)} {exportCsv.data.rows === 1 ? 'entry' : 'entries'} to{' '}
            <span className="font-mono text-xs">{exportCsv.data.filename}</span>.
            {exportCsv.data.truncated ? (
              <strong className="mt-1 block font-medium text-amber-800 dark:text-amber-300">
                The export stopped at {formatNumber(exportCsv.data.rows)} entries; narrow the filters (for example by date) to export the
                rest.
              </strong>
            ) : null}
          </p>
        ) : null}
        {verify.error ? <Alert>The chain could not be verified: {errorMessage(verify.error)}</Alert> : null}
        {verify.data ? (
          verify.data.intact ? (
            <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
              Intact: {formatNumber(verify.data.checked)} {verify.data.checked === 1 ? 'entry' : 'entries'} checked.
            </p>
          ) : (
            <Alert>
              Broken at entry #{verify.data.brokenAt.seq} ({verify.data.brokenAt.action}, {formatDateTime(verify.data.brokenAt.createdAt)}):
              that entry or one before it was changed, inserted or removed. {formatNumber(verify.data.checked)} entries before it are
              intact.
            </Alert>
          )
        ) : null}
      </div>
    </>
  );
}
