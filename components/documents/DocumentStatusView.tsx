'use client';

import { toast } from 'sonner';
import { Button } from '@/components/ui/Button';
import { cn } from '@/components/ui/cn';
import { errorMessage } from '@/components/ui/errors';
import { useId } from 'react';
import { failureAdvice, outcomeText } from './failure';
import { isBusy, progressText, readOnlyReason, type AccessFields } from './labels';
import { useReprocessDocument } from './mutations';
import { StatusBadge } from './parts';
import { ProgressBar } from '@/components/ui/ProgressBar';
import type { DocumentRow } from './types';

type StatusFields = Pick<DocumentRow, 'id' | 'filename' | 'status' | 'error' | 'job'> & AccessFields;

/**
 * A document's status: the badge, then what it is doing ("Embedding 62%", with a thin bar) while
 * it is processed, or why it failed, whether it will be tried again, and (for those who may) a
 * Retry button. `detailed` (the document page) adds what to do about a failure.
 */
export function DocumentStatusView({
  doc,
  canWrite,
  className,
  detailed = false,
}: {
  doc: StatusFields;
  canWrite: boolean;
  className?: string;
  detailed?: boolean;
}) {
  const htmlId = useId();
  const reprocess = useReprocessDocument();
  const busy = isBusy(doc.status);
  const percent = busy && doc.job?.status === 'processing' ? doc.job.percent : null;
  const failure = doc.status === 'failed' ? (doc.error ?? doc.job?.error ?? 'Processing failed.') : null;
  const canRetry = canWrite && !readOnlyReason(doc);
  const outcome = failure && doc.job ? outcomeText(doc.job, { short: !detailed }) : null;
  return (
    <div className={cn('min-w-0 space-y-1.5', className)}>
      <StatusBadge status={doc.status} />
      {busy ? (
        <div className="space-y-1">
          <p className="text-xs text-slate-600 tabular-nums dark:text-slate-400">{progressText(doc.job)}</p>
          <ProgressBar
            label={`Processing ${doc.filename}`}
            value={percent}
            valueText={progressText(doc.job)}
            tone="sky"
            className="max-w-40"
          />
        </div>
      ) : null}
      {failure ? (
        <div className="space-y-1.5">
          <p className="text-xs break-words text-red-700 dark:text-red-300">{failure}</p>
          {outcome ? <p className="text-xs text-slate-700 dark:text-slate-300">{outcome}</p> : null}
          {detailed ? (
            <p id={`${htmlId}-advice`} className="text-xs text-slate-600 dark:text-slate-400">
              {failureAdvice(doc.job, canRetry)}
            </p>
          ) : null}
          {canRetry ? (
            <Button
              variant="secondary"
              className="min-h-8! px-3! py-1! text-xs!"
              aria-label={`Retry ${doc.filename}`}
              aria-describedby={detailed ? `${htmlId}-advice` : undefined}
              disabled={reprocess.isPending}
              onClick={() => reprocess.mutate({ id: doc.id }, { onSuccess: () => toast.success(`Retrying ${doc.filename}.`) })}
            >
              {reprocess.isPending ? 'Retrying…' : 'Retry'}
            </Button>
          ) : null}
        </div>
      ) : null}
      {reprocess.isError ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          Could not retry: {errorMessage(reprocess.error)}
        </p>
      ) : null}
    </div>
  );
}
