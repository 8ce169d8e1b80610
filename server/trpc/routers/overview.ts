import { z } from 'zod';
import { getOverview } from '@/server/usage/overview';
import { overviewOutput } from '@/server/usage/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

/** The workspace overview is the landing page of those who run the workspace. */
const admin = permissionProcedure('users:manage', 'settings:manage');

export const overviewRouter = createTRPCRouter({
  get: admin
    .input(z.void())
    .output(overviewOutput)
    .query(({ ctx }) => getOverview(ctx.service)),
});
