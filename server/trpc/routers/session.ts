import { z } from 'zod';
import { principalSchema } from '@/server/auth/schema';
import { describePrincipal } from '@/server/users/describe';
import { authedProcedure, createTRPCRouter } from '../init';

export const sessionRouter = createTRPCRouter({
  /** Who is signed in (or which API key is calling), as of this request. */
  get: authedProcedure
    .input(z.void())
    .output(principalSchema)
    .query(({ ctx }) => describePrincipal(ctx.principal)),
});
