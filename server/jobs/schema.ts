import { z } from 'zod';
import { JOB_STATUSES, JOB_TYPES } from '@/lib/enums';
import { pageInput } from '@/server/shared/pagination';

/** The processing queue's contracts, shared by its router and its functions. */

export const jobSummaryOutput = z.object({ counts: z.record(z.enum(JOB_STATUSES), z.number()), oldestWaitingSince: z.date().nullable() });

export const jobListInput = z.object({ status: z.enum(JOB_STATUSES).optional(), ...pageInput });
export type JobListInput = z.infer<typeof jobListInput>;

export const jobOutput = z.object({
  id: z.uuid(),
  jobType: z.enum(JOB_TYPES),
  status: z.enum(JOB_STATUSES),
  documentId: z.uuid().nullable(),
  filename: z.string().nullable(),
  retryCount: z.number(),
  maxRetries: z.number(),
  /** Attempts made so far (the processing history lists each). */
  attempts: z.number(),
  /** A failed or cancelled document job that is its document's latest: Retry makes a new one. */
  retryable: z.boolean(),
  progress: z.object({ stage: z.string().optional(), percent: z.number().optional(), message: z.string().optional() }),
  errorMessage: z.string().nullable(),
  runAfter: z.date(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
});
