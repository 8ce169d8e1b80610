import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type JobRow = Outputs['jobs']['list']['items'][number];
export type JobStatus = JobRow['status'];
export type JobType = JobRow['jobType'];
export type JobSummaryData = Outputs['jobs']['summary'];
