import {
  forgotPasswordInput,
  forgotPasswordOutput,
  inspectTokenInput,
  redeemTokenInput,
  redeemTokenOutput,
  tokenDetailsOutput,
} from '@/server/users/schema';
import { requestPasswordReset } from '@/server/users/forgot-password';
import { inspectToken, redeemToken } from '@/server/users/redeem';
import { createTRPCRouter, publicDbProcedure, publicProcedure } from '../init';

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

  /** "Forgot password?": the same answer whether or not the account exists; throttled per address. */
  requestPasswordReset: publicProcedure
    .input(forgotPasswordInput)
    .output(forgotPasswordOutput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input)),
});
