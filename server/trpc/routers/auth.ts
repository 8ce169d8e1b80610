import { z } from 'zod';
import { inspectToken, redeemToken } from '@/server/users/redeem';
import { createTRPCRouter, publicDbProcedure } from '../init';
import { passwordInput } from '@/server/shared/schema';

const token = z.string().trim().min(20, 'This link is incomplete.').max(200, 'This link is not valid.');

/** One-time links: accepting an invitation and resetting a password, before signing in. */
export const authRouter = createTRPCRouter({
  inspectToken: publicDbProcedure
    .input(z.object({ token }))
    .output(
      z.object({
        purpose: z.enum(['invite', 'password_reset']),
        email: z.string(),
        fullName: z.string(),
        tenantSlug: z.string(),
        tenantName: z.string(),
        expiresAt: z.date(),
      }),
    )
    .query(({ ctx, input }) => inspectToken(ctx.db, input.token)),

  redeemToken: publicDbProcedure
    .input(z.object({ token, password: passwordInput, fullName: z.string().trim().max(200).optional() }))
    .output(z.object({ tenantSlug: z.string(), email: z.string() }))
    .mutation(({ ctx, input }) => redeemToken(ctx.db, input, ctx.meta)),
});
