import { usageBreakdownInput, usageBreakdownOutput, usageRangeInput, usageReportOutput } from '@/server/usage/schema';
import { usageBreakdown, usageReport } from '@/server/usage/report';
import { createTRPCRouter, permissionProcedure } from '../init';

const read = permissionProcedure('usage:read');

/** The Usage page (issue 11): rollups only; without users:manage, the reader's own usage. */
export const usageRouter = createTRPCRouter({
  report: read
    .input(usageRangeInput)
    .output(usageReportOutput)
    .query(({ ctx, input }) => usageReport(ctx.service, input)),
  breakdown: read
    .input(usageBreakdownInput)
    .output(usageBreakdownOutput)
    .query(({ ctx, input }) => usageBreakdown(ctx.service, input)),
});
