import { z } from 'zod';
import { principalSchema } from '@/server/auth/schema';
import { endAllSessions } from '@/server/auth/sessions';
import { describePrincipal } from '@/server/users/describe';
import { authedProcedure, createTRPCRouter } from '../init';

export const sessionRouter = createTRPCRouter({
  /** Who is signed in (or which API key is calling), as of this request. */
  get: authedProcedure
    .input(z.void())
    .output(principalSchema)
    .query(({ ctx }) => describePrincipal(ctx.principal)),

  /** Ends every session of the person asking, on every device (audited); API keys are refused. */
  endAll: authedProcedure
    .input(z.void())
    .output(z.object({ endedAt: z.date() }))
    .mutation(({ ctx }) => endAllSessions(ctx.rootDb, ctx.principal, ctx.meta)),
});
