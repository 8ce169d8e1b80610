import { z } from 'zod';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import {
  createPriceInput,
  platformUsageListInput,
  platformUsageOutput,
  priceListInput,
  priceOutput,
  unpricedModelOutput,
} from '@/server/usage/platform-schema';
import { createPrice, deletePrice, listPlatformUsage, listPrices, listUnpricedModels } from '@/server/usage/platform';
import { createTRPCRouter, superadminProcedure } from '../init';

/** Usage across tenants and the model price table: platform superadmins only. */
export const platformUsageRouter = createTRPCRouter({
  tenants: superadminProcedure
    .input(platformUsageListInput)
    .output(platformUsageOutput)
    .query(({ ctx, input }) => listPlatformUsage(ctx.service, input)),

  prices: superadminProcedure
    .input(priceListInput)
    .output(pageOf(priceOutput))
    .query(({ ctx, input }) => listPrices(ctx.service, input)),

  unpricedModels: superadminProcedure
    .input(z.void())
    .output(z.array(unpricedModelOutput))
    .query(({ ctx }) => listUnpricedModels(ctx.service)),

  createPrice: superadminProcedure
    .input(createPriceInput)
    .output(priceOutput)
    .mutation(({ ctx, input }) => createPrice(ctx.service, input)),

  /** Only a price that has not taken effect yet; one in effect is history. */
  deletePrice: superadminProcedure
    .input(idInput)
    .output(priceOutput)
    .mutation(({ ctx, input }) => deletePrice(ctx.service, input)),
});
