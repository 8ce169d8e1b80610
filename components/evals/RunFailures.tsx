'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { errorMessage } from '@/components/ui/errors';
import { When } from '@/components/ui/When';
import { formatNumber } from '@/lib/format';

const muted = 'text-sm text-slate-500 dark:text-slate-400';

/**
 * What went wrong while the run answered its cases (recorded in agent_failures): which case, at
 * which stage, the message, and whether trying again could help.
 */
export function RunFailures({ runId, live }: { runId: string; live: boolean }) {
  const trpc = useTRPC();
  const failures = useQuery({ ...trpc.evaluations.failures.queryOptions({ id: runId }), refetchInterval: live ? 4000 : false });
  if (failures.error) {
    return <Alert onRetry={() => void failures.refetch()}>The failures could not be loaded: {errorMessage(failures.error)}</Alert>;
  }
  if (!failures.data) return <p className={muted}>Loading failures…</p>;
  if (failures.data.length === 0) return <p className={muted}>No failure: every case was answered.</p>;
  return (
    <ul aria-label="Failures" className="space-y-2">
      {failures.data.map((f) => (
        <li key={f.id} className="rounded-md border border-red-200 bg-red-50/60 p-3 text-sm dark:border-red-900 dark:bg-red-950/30">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{f.caseSeq !== null ? `Case #${formatNumber(f.caseSeq)}` : 'The run'}</span>
            <Badge tone="neutral">{f.stage}</Badge>
            <code className="font-mono text-xs">{f.code}</code>
            <Badge tone={f.retryable ? 'warning' : 'danger'}>{f.retryable ? 'Retryable' : 'Not retryable'}</Badge>
            <When at={f.createdAt} format="dateTime" className="text-xs text-slate-500 dark:text-slate-400" />
          </p>
          {f.question ? <p className="mt-1 break-words text-slate-700 dark:text-slate-300">{f.question}</p> : null}
          <p className="mt-1 break-words text-red-800 dark:text-red-300">{f.message}</p>
        </li>
      ))}
    </ul>
  );
}
