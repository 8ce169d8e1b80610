import { z } from 'zod';
import { grantInput, grantOutput, resourceInput, revokeInput } from '@/server/access/schema';
import { grantAccess, listGrants, revokeAccess } from '@/server/access/service';
import { createTRPCRouter, permissionProcedure } from '../init';

const manage = permissionProcedure('users:manage');

/** Access of named users to restricted collections and documents. */
export const accessRouter = createTRPCRouter({
  list: manage
    .input(resourceInput)
    .output(z.array(grantOutput))
    .query(({ ctx, input }) => listGrants(ctx.service, input)),

  grant: manage
    .input(grantInput)
    .output(grantInput)
    .mutation(({ ctx, input }) => grantAccess(ctx.service, input)),

  revoke: manage
    .input(revokeInput)
    .output(z.object({ revoked: z.boolean() }))
    .mutation(({ ctx, input }) => revokeAccess(ctx.service, input)),
});
