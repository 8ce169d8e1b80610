import { z } from 'zod';
import { JOB_STATUSES, JOB_TYPES } from '@/db/schema';
import { cancelTenantJob, jobSummary, listJobs, retryAllFailed } from '@/server/jobs/service';
import { pageInput, pageOf } from '@/server/shared/pagination';
import { createTRPCRouter, permissionProcedure } from '../init';
import { idInput } from '@/server/shared/schema';

// The queue is the workspace's plumbing: its admins (settings:manage) watch and steer it.
const admin = permissionProcedure('settings:manage');

export const jobsRouter = createTRPCRouter({
  summary: admin
    .input(z.void())
    .output(z.object({ counts: z.record(z.enum(JOB_STATUSES), z.number()), oldestWaitingSince: z.date().nullable() }))
    .query(({ ctx }) => jobSummary(ctx.service)),

  list: admin
    .input(z.object({ status: z.enum(JOB_STATUSES).optional(), ...pageInput }))
    .output(
      pageOf(
        z.object({
          id: z.uuid(),
          jobType: z.enum(JOB_TYPES),
          status: z.enum(JOB_STATUSES),
          documentId: z.uuid().nullable(),
          filename: z.string().nullable(),
          retryCount: z.number(),
          maxRetries: z.number(),
          progress: z.object({ stage: z.string().optional(), percent: z.number().optional(), message: z.string().optional() }),
          errorMessage: z.string().nullable(),
          runAfter: z.date(),
          createdAt: z.date(),
          completedAt: z.date().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => listJobs(ctx.service, input)),

  cancel: permissionProcedure('documents:write').input(idInput).output(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => cancelTenantJob(ctx.service, input.id)),

  retryFailed: admin.input(z.void()).output(z.object({ retried: z.number() })).mutation(({ ctx }) => retryAllFailed(ctx.service)),
});
