import type { Tone } from '@/components/ui/Badge';
import type { JobRow, JobStatus, JobType } from './types';

export const JOB_TYPE_LABELS: Record<JobType, string> = {
  ingest: 'Ingest',
  ocr: 'Text recognition (OCR)',
  embed: 'Embedding',
  reprocess: 'Reprocess',
  retention: 'Retention clean-up',
  gdpr_export: 'GDPR export',
  gdpr_erasure: 'GDPR erasure',
  eval_run: 'Evaluation run',
  reembed: 'Re-embedding',
};

/** In the order work moves through the queue. */
export const STATUS_ORDER: JobStatus[] = ['pending', 'processing', 'retrying', 'failed', 'completed', 'cancelled'];

export const JOB_STATUS: Record<JobStatus, { label: string; tone: Tone }> = {
  pending: { label: 'Pending', tone: 'neutral' },
  processing: { label: 'Processing', tone: 'info' },
  retrying: { label: 'Retrying', tone: 'warning' },
  failed: { label: 'Failed', tone: 'danger' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export function canCancelJob(status: JobStatus): boolean {
  return status === 'pending' || status === 'retrying' || status === 'processing';
}

/** "Ingest of report.pdf", "Retention clean-up": how a job is named in labels and dialogs. */
export function jobName(job: Pick<JobRow, 'jobType' | 'filename' | 'documentId'>): string {
  const type = JOB_TYPE_LABELS[job.jobType];
  if (job.filename) return `${type} of ${job.filename}`;
  // A document id without a name: the document is restricted and hidden from this member.
  return job.documentId ? `${type} of a document you cannot see` : type;
}
