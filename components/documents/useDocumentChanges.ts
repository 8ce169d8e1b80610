'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import type { DocumentChange, DocumentRow } from './types';

/**
 * Listens to documents.onStatusChange (server-sent events) while the calling page is open.
 * `onStarted` runs at every (re)connection: whatever changed while disconnected is not replayed,
 * so callers refetch then.
 */
export function useDocumentChanges({
  onChanges,
  onStarted,
  enabled = true,
}: {
  onChanges: (changes: DocumentChange[]) => void;
  onStarted?: () => void;
  enabled?: boolean;
}) {
  const trpc = useTRPC();
  const subscription = useSubscription(
    trpc.documents.onStatusChange.subscriptionOptions(undefined, {
      enabled,
      onData: onChanges,
      onStarted,
    }),
  );
  // A stream that ended in an error is not resumed by the link: start it again after a pause.
  // One ended because the session is over (signed out elsewhere, deactivated): reload, and the
  // page sends the visitor to sign in.
  const { status, reset, error } = subscription;
  const sessionOver = error?.data?.code === 'UNAUTHORIZED';
  useEffect(() => {
    if (status !== 'error') return;
    if (sessionOver) {
      window.location.reload();
      return;
    }
    const timer = setTimeout(reset, RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, reset, sessionOver]);
  return subscription;
}

const RETRY_MS = 5_000;

const JOB_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled', 'retrying'] as const;
type JobStatus = (typeof JOB_STATUSES)[number];

function jobStatus(value: string): JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value) ? (value as JobStatus) : 'processing';
}

/** A document row with a streamed change applied (the job's error is only kept for the same job). */
export function applyChange<T extends Pick<DocumentRow, 'status' | 'error' | 'chunkCount' | 'pageCount' | 'updatedAt' | 'job'>>(
  row: T,
  change: DocumentChange,
): T {
  const job = change.job
    ? {
        id: change.job.id,
        status: jobStatus(change.job.status),
        stage: change.job.stage,
        percent: change.job.percent,
        error: row.job?.id === change.job.id ? row.job.error : null,
        attempts: change.job.attempts,
        maxAttempts: change.job.maxAttempts,
      }
    : null;
  return {
    ...row,
    status: change.status,
    error: change.error,
    chunkCount: change.chunkCount,
    pageCount: change.pageCount,
    updatedAt: change.updatedAt,
    job,
  };
}
