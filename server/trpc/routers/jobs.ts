import { z } from 'zod';
import { jobListInput, jobOutput, jobSummaryOutput } from '@/server/jobs/schema';
import { cancelTenantJob, jobSummary, listJobs, retryAllFailed } from '@/server/jobs/service';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

// The queue is the workspace's plumbing: its admins (settings:manage) watch and steer it.
const admin = permissionProcedure('settings:manage');

export const jobsRouter = createTRPCRouter({
  summary: admin
    .input(z.void())
    .output(jobSummaryOutput)
    .query(({ ctx }) => jobSummary(ctx.service)),

  list: admin
    .input(jobListInput)
    .output(pageOf(jobOutput))
    .query(({ ctx, input }) => listJobs(ctx.service, input)),

  cancel: permissionProcedure('documents:write')
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => cancelTenantJob(ctx.service, input)),

  retryFailed: admin
    .input(z.void())
    .output(z.object({ retried: z.number() }))
    .mutation(({ ctx }) => retryAllFailed(ctx.service)),
});
