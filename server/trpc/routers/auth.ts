import { inspectTokenInput, redeemTokenInput, redeemTokenOutput, tokenDetailsOutput } from '@/server/users/schema';
import { inspectToken, redeemToken } from '@/server/users/redeem';
import { createTRPCRouter, publicDbProcedure } from '../init';

/** One-time links: accepting an invitation and resetting a password, before signing in. */
export const authRouter = createTRPCRouter({
  inspectToken: publicDbProcedure
    .input(inspectTokenInput)
    .output(tokenDetailsOutput)
    .query(({ ctx, input }) => inspectToken(ctx, input)),

  redeemToken: publicDbProcedure
    .input(redeemTokenInput)
    .output(redeemTokenOutput)
    .mutation(({ ctx, input }) => redeemToken(ctx, input)),
});
