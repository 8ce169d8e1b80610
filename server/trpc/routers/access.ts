import { z } from 'zod';
import { grantInput, grantOutput, peopleInput, peopleOutput, resourceInput, revokeInput } from '@/server/access/schema';
import { findPeople, grantAccess, listGrants, revokeAccess } from '@/server/access/service';
import { createTRPCRouter, permissionProcedure } from '../init';

/**
 * Sharing is managing documents or users (the role); on top, the domain asks for the admin level
 * on the resource itself (its creator or uploader, an admin grant, or users:manage).
 */
const share = permissionProcedure('users:manage', 'documents:write');

/** Access of named users to restricted collections and documents. */
export const accessRouter = createTRPCRouter({
  list: share
    .input(resourceInput)
    .output(z.array(grantOutput))
    .query(({ ctx, input }) => listGrants(ctx.service, input)),

  /** People to grant access to, for those who may share without managing users. */
  people: share
    .input(peopleInput)
    .output(peopleOutput)
    .query(({ ctx, input }) => findPeople(ctx.service, input)),

  grant: share
    .input(grantInput)
    .output(grantInput)
    .mutation(({ ctx, input }) => grantAccess(ctx.service, input)),

  revoke: share
    .input(revokeInput)
    .output(z.object({ revoked: z.boolean() }))
    .mutation(({ ctx, input }) => revokeAccess(ctx.service, input)),
});
