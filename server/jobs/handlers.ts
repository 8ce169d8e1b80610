import 'server-only';
import { JOB_HANDLERS as DOCUMENT_HANDLERS } from '@/server/documents/ingest';
import { evalRunHandler } from '@/server/evals/run-job';
import { reembedHandler } from '@/server/embeddings/reembed-job';
import { gdprExportHandler } from '@/server/gdpr/export/job';
import { RETENTION_HANDLERS } from '@/server/gdpr/retention/run';
import { JOB_HANDLERS as ERASURE_HANDLERS } from '@/server/gdpr/erasure/handler';
import type { JobHandler } from './worker';
import type { JobType } from './queue';

/** Every job type the worker runs, by domain. */
export const JOB_HANDLERS: Partial<Record<JobType, JobHandler>> = {
  ...DOCUMENT_HANDLERS,
  gdpr_export: gdprExportHandler,
  ...RETENTION_HANDLERS,
  ...ERASURE_HANDLERS,
  eval_run: evalRunHandler,
  reembed: reembedHandler,
};
