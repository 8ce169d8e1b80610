import { z } from 'zod';
import { actingSetCookie } from '@/server/auth/acting';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import {
  createTenantInput,
  createTenantOutput,
  deleteTenantInput,
  tenantDetailOutput,
  tenantListInput,
  tenantListItem,
  updateTenantInput,
} from '@/server/tenants/schema';
import {
  createTenantWithAdmin,
  deleteTenant,
  enterTenant,
  exitTenant,
  getTenant,
  listTenants,
  setTenantSuspended,
  updateTenant,
} from '@/server/tenants/service';
import { createTRPCRouter, superadminProcedure } from '../init';

const platform = superadminProcedure;

export const tenantsRouter = createTRPCRouter({
  list: platform
    .input(tenantListInput)
    .output(pageOf(tenantListItem))
    .query(({ ctx, input }) => listTenants(ctx.service, input)),

  get: platform
    .input(idInput)
    .output(tenantDetailOutput)
    .query(({ ctx, input }) => getTenant(ctx.service, input)),

  /** Creates the tenant and invites its first admin; the invitation link is shown once. */
  create: platform
    .input(createTenantInput)
    .output(createTenantOutput)
    .mutation(({ ctx, input }) => createTenantWithAdmin(ctx.service, input)),

  update: platform
    .input(updateTenantInput)
    .output(tenantDetailOutput)
    .mutation(({ ctx, input }) => updateTenant(ctx.service, input)),

  suspend: platform
    .input(idInput)
    .output(tenantDetailOutput)
    .mutation(({ ctx, input }) => setTenantSuspended(ctx.service, { id: input.id, suspended: true })),

  reactivate: platform
    .input(idInput)
    .output(tenantDetailOutput)
    .mutation(({ ctx, input }) => setTenantSuspended(ctx.service, { id: input.id, suspended: false })),

  /** Confirmed by typing the slug; the tenant is unusable at once and purged in the background. */
  delete: platform
    .input(deleteTenantInput)
    .output(tenantDetailOutput)
    .mutation(({ ctx, input }) => deleteTenant(ctx.service, input)),

  enter: platform
    .input(idInput)
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { slug, acting } = await enterTenant(ctx.service, input);
      ctx.service.afterCommit(() => ctx.setCookie(actingSetCookie(acting)));
      return { slug };
    }),

  exit: platform
    .input(z.void())
    .output(z.object({ ok: z.boolean() }))
    .mutation(async ({ ctx }) => {
      ctx.service.afterCommit(() => ctx.setCookie(actingSetCookie(null)));
      return exitTenant(ctx.service, ctx.principal.acting);
    }),
});
