'use client';

import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { auditFilters } from '@/lib/list-specs';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { CopyField } from '@/components/ui/CopyField';
import { errorMessage, fieldError } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
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

const BROKEN: Record<'altered' | 'unkeyed' | 'unsealed', string> = {
  altered: 'that entry or one before it was changed, inserted or removed.',
  unkeyed: 'that entry carries an unkeyed hash after keyed ones, which the console never writes: it was forged.',
  unsealed: 'no entry carries a keyed hash, so the chain could have been rewritten by anyone with access to the database.',
};

/**
 * The chain's head (entries, newest hash, time) to note somewhere else: verifying against a
 * noted head later proves that nothing up to it was changed or removed since.
 */
function ChainHead({ scope }: { scope: AuditScope }) {
  const trpc = useTRPC();
  const tenantHead = useQuery(trpc.audit.head.queryOptions(scope === 'tenant' ? undefined : skipToken));
  const globalHead = useQuery(trpc.audit.headGlobal.queryOptions(scope === 'global' ? undefined : skipToken));
  const head = scope === 'global' ? globalHead : tenantHead;
  if (head.error) return <Alert>The chain head could not be loaded: {errorMessage(head.error)}</Alert>;
  if (!head.data) return null;
  return (
    <div className="max-w-3xl">
      <CopyField
        label="Chain head"
        value={head.data.head}
        hint={`${formatNumber(head.data.entries)} ${head.data.entries === 1 ? 'entry' : 'entries'}, the newest at ${formatDateTime(
          head.data.createdAt,
        )}. Note it outside the console (a ticket, a password manager); verifying against it later shows whether anything up to it changed.`}
      />
    </div>
  );
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
  const id = useId();
  const [notedHead, setNotedHead] = useState('');
  const exportCsv = useMutation({
    mutationFn: () =>
      scope === 'global'
        ? queryClient.fetchQuery({ ...trpc.audit.exportGlobal.queryOptions(filters), staleTime: 0 })
        : queryClient.fetchQuery({ ...trpc.audit.export.queryOptions(filters), staleTime: 0 }),
    onSuccess: (result) => download(result.filename, result.csv),
  });
  const verify = useMutation({
    mutationFn: (input: { notedHead: string }) =>
      scope === 'global'
        ? queryClient.fetchQuery({ ...trpc.audit.verifyGlobal.queryOptions(input), staleTime: 0 })
        : queryClient.fetchQuery({ ...trpc.audit.verify.queryOptions(input), staleTime: 0 }),
  });
  const notedError = fieldError(verify.error, 'notedHead');

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
        <Button variant="secondary" onClick={() => verify.mutate({ notedHead })} disabled={verify.isPending}>
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </Button>
        {filtered ? (
          <Button variant="ghost" onClick={onClear}>
            Clear filters
          </Button>
        ) : null}
      </div>

      <ChainHead scope={scope} />
      <div className="max-w-3xl">
        <Field
          id={`${id}-noted`}
          label="Verify against a noted head (optional)"
          hint="Paste a head you noted earlier, then Verify chain."
          error={notedError}
        >
          <Input
            id={`${id}-noted`}
            className="font-mono text-xs"
            autoComplete="off"
            spellCheck={false}
            placeholder="entries:hash"
            value={notedHead}
            onChange={(e) => setNotedHead(e.target.value)}
            aria-invalid={Boolean(notedError)}
            aria-describedby={describedBy(`${id}-noted`, { hint: true, error: notedError })}
          />
        </Field>
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
        {verify.error && !notedError ? <Alert>The chain could not be verified: {errorMessage(verify.error)}</Alert> : null}
        {verify.data ? (
          verify.data.intact ? (
            <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
              Intact: {formatNumber(verify.data.checked)} {verify.data.checked === 1 ? 'entry' : 'entries'} checked
              {verify.data.unkeyed > 0
                ? ` (the first ${formatNumber(verify.data.unkeyed)}, written before keyed hashes, are sealed by the keyed entry after them)`
                : ''}
              .
              {verify.data.purged
                ? ` The ${formatNumber(verify.data.purged.entries)} oldest entries, up to ${formatDateTime(verify.data.purged.before)}, were removed by the retention period; the chain is verified from the purge entry that recorded them.`
                : ''}
            </p>
          ) : (
            <Alert>
              Broken at entry #{verify.data.brokenAt.seq} ({verify.data.brokenAt.action}, {formatDateTime(verify.data.brokenAt.createdAt)}):{' '}
              {BROKEN[verify.data.reason]} {formatNumber(verify.data.checked)} entries before it are intact.
            </Alert>
          )
        ) : null}
        {verify.data?.noted ? (
          verify.data.noted.found ? (
            <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
              The noted head is still entry {formatNumber(verify.data.noted.entries)} of the chain;{' '}
              {formatNumber(verify.data.noted.entriesSince)} {verify.data.noted.entriesSince === 1 ? 'entry was' : 'entries were'} added
              since.
            </p>
          ) : (
            <Alert>
              The noted head is not entry {formatNumber(verify.data.noted.entries)} of this chain: entries up to it were removed or
              rewritten since it was noted (or it was noted from another chain).
            </Alert>
          )
        ) : null}
      </div>
    </>
  );
}
