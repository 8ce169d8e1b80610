import { z } from 'zod';
import { PERMISSIONS } from '@/db/schema';
import { describePrincipal } from '@/server/users/describe';
import { authedProcedure, createTRPCRouter } from '../init';

const principalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('superadmin'), id: z.uuid(), email: z.string(), name: z.string() }),
  z.object({
    kind: z.literal('user'),
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    tenantId: z.uuid(),
    tenantSlug: z.string(),
    tenantName: z.string(),
    permissions: z.array(z.enum(PERMISSIONS)),
  }),
]);

export const sessionRouter = createTRPCRouter({
  /** Who is signed in, as of this request. */
  get: authedProcedure
    .input(z.void())
    .output(principalSchema)
    .query(({ ctx }) => describePrincipal(ctx.principal)),
});
