import { z } from 'zod';
import { apiKeyListInput, apiKeyOutput, createApiKeyInput, createApiKeyOutput } from '@/server/api-keys/schema';
import { createApiKey, listApiKeys, revokeApiKey } from '@/server/api-keys/service';
import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

const manage = permissionProcedure('api_keys:manage');

export const apiKeysRouter = createTRPCRouter({
  list: manage
    .input(apiKeyListInput)
    .output(pageOf(apiKeyOutput))
    .query(({ ctx, input }) => listApiKeys(ctx.service, input)),

  /** The secret is in this response only; it is stored hashed. */
  create: manage
    .input(createApiKeyInput)
    .output(createApiKeyOutput)
    .mutation(({ ctx, input }) => createApiKey(ctx.service, input)),

  revoke: manage
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.service, input)),
});
