import type { Tone } from '@/components/ui/Badge';
import { accessAllows } from '@/lib/access';
import type { DocumentJob, DocumentRow, DocumentStatus, FileType } from './types';

export const DOCUMENT_STATUSES: DocumentStatus[] = ['uploaded', 'processing', 'completed', 'failed'];

export const STATUS: Record<DocumentStatus, { label: string; tone: Tone }> = {
  uploaded: { label: 'Uploaded', tone: 'info' },
  processing: { label: 'Processing', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
};

export const FILE_TYPES: FileType[] = ['pdf', 'docx', 'pptx', 'html', 'md', 'txt', 'csv', 'png', 'jpeg'];

/** The ingest pipeline's stages (server/documents/ingest.ts), as a person reads them. */
const STAGES: Record<string, string> = {
  extract: 'Extracting text',
  ocr: 'Reading with OCR',
  chunk: 'Chunking',
  embed: 'Embedding',
  index: 'Indexing',
  done: 'Finishing',
};

export function stageLabel(stage: string | null | undefined): string {
  if (!stage) return 'Waiting in queue';
  return STAGES[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1);
}

/** Whether the document is still on its way (queued or being worked on). */
export function isBusy(status: DocumentStatus): boolean {
  return status === 'uploaded' || status === 'processing';
}

/** "Embedding 62%", "Waiting in queue": what an unfinished document is doing now. */
export function progressText(job: { status: string; stage: string | null; percent: number | null } | null): string {
  if (!job || job.status === 'pending' || !job.stage) return 'Waiting in queue';
  if (job.status === 'retrying') return 'Waiting to retry';
  const label = stageLabel(job.stage);
  return job.percent === null ? label : `${label} ${Math.round(job.percent)}%`;
}

export const JOB_TYPE_LABELS: Record<DocumentJob['jobType'], string> = {
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

export const JOB_STATUS: Record<DocumentJob['status'], { label: string; tone: Tone }> = {
  pending: { label: 'Pending', tone: 'neutral' },
  processing: { label: 'Processing', tone: 'info' },
  retrying: { label: 'Retrying', tone: 'warning' },
  failed: { label: 'Failed', tone: 'danger' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const ATTEMPT_STATUS: Record<string, { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  lease_expired: { label: 'Worker lost', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

/** "Page 3", "Pages 3–4", or null when the format has no pages. */
export function pageRange(from: number | null, to: number | null): string | null {
  if (from === null) return null;
  if (to === null || to === from) return `Page ${from}`;
  return `Pages ${from}–${to}`;
}

/** "1.2 s", "3 min 4 s": how long an attempt ran. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export type AccessFields = Pick<DocumentRow, 'visibility' | 'collectionVisibility' | 'myLevel'>;

/**
 * Why the user may not reprocess or delete a document although their role allows it (it or its
 * collection is restricted and their grant is below write), or null when they may.
 */
export function readOnlyReason(doc: AccessFields): string | null {
  const restricted = doc.visibility === 'restricted' || doc.collectionVisibility === 'restricted';
  if (accessAllows({ restricted, level: doc.myLevel }, 'write')) return null;
  return `You have ${doc.myLevel ?? 'no'} access to this restricted document: reprocessing, renaming, moving or deleting it needs write access.`;
}
