import { z } from 'zod';
import { jobListInput, jobOutput, jobSummaryOutput } from '@/server/jobs/schema';
import { cancelTenantJob, jobSummary, listJobs, retryAllFailed, retryJob } from '@/server/jobs/service';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

// The queue is the workspace's plumbing: its admins (settings:manage) watch and steer all of it;
// people who upload (documents:write) follow and steer their own documents' processing.
const admin = permissionProcedure('settings:manage');
const uploader = permissionProcedure('documents:write', 'settings:manage');
const writer = permissionProcedure('documents:write');

export const jobsRouter = createTRPCRouter({
  summary: uploader
    .input(z.void())
    .output(jobSummaryOutput)
    .query(({ ctx }) => jobSummary(ctx.service)),

  list: uploader
    .input(jobListInput)
    .output(pageOf(jobOutput))
    .query(({ ctx, input }) => listJobs(ctx.service, input)),

  cancel: writer
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => cancelTenantJob(ctx.service, input)),

  /** One failed or cancelled document job processed again (a new reprocess job). */
  retry: writer
    .input(idInput)
    .output(z.object({ jobId: z.uuid() }))
    .mutation(({ ctx, input }) => retryJob(ctx.service, input)),

  retryFailed: admin
    .input(z.void())
    .output(z.object({ retried: z.number() }))
    .mutation(({ ctx }) => retryAllFailed(ctx.service)),
});
