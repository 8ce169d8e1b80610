import { outboxEntryOutput, outboxListInput } from '@/server/mail/schema';
import { listOutbox } from '@/server/mail/outbox';
import { pageOf } from '@/server/shared/pagination';
import { createTRPCRouter, superadminProcedure } from '../init';

export const mailRouter = createTRPCRouter({
  /** Every e-mail sent or kept, with its one-time links: platform superadmins only. */
  outbox: superadminProcedure
    .input(outboxListInput)
    .output(pageOf(outboxEntryOutput))
    .query(({ ctx, input }) => listOutbox(ctx.service, input)),
});
