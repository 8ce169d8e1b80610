import { z } from 'zod';
import { grantAccess, listGrants, revokeAccess } from '@/server/access/service';
import { createTRPCRouter, permissionProcedure } from '../init';

const resource = { resourceType: z.enum(['document', 'collection']), resourceId: z.uuid() };
const level = z.enum(['read', 'write', 'admin']);
const manage = permissionProcedure('users:manage');

/** Access of named users to restricted collections and documents. */
export const accessRouter = createTRPCRouter({
  list: manage
    .input(z.object(resource))
    .output(
      z.array(z.object({ userId: z.uuid(), email: z.string(), fullName: z.string(), level, grantedAt: z.date() })),
    )
    .query(({ ctx, input }) => listGrants(ctx.service, input)),

  grant: manage
    .input(z.object({ ...resource, userId: z.uuid(), level }))
    .output(z.object({ ...resource, userId: z.uuid(), level }))
    .mutation(({ ctx, input }) => grantAccess(ctx.service, input)),

  revoke: manage
    .input(z.object({ ...resource, userId: z.uuid() }))
    .output(z.object({ revoked: z.boolean() }))
    .mutation(({ ctx, input }) => revokeAccess(ctx.service, input)),
});
