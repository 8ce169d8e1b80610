import { z } from 'zod';
import { PERMISSIONS } from '@/db/schema';
import { createApiKey, listApiKeys, revokeApiKey } from '@/server/api-keys/service';
import { pageInput, pageOf } from '@/server/shared/pagination';
import { createTRPCRouter, permissionProcedure } from '../init';
import { idInput, nameInput, permissionInput } from '@/server/shared/schema';

const keyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(PERMISSIONS)),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  createdByEmail: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

const manage = permissionProcedure('api_keys:manage');

export const apiKeysRouter = createTRPCRouter({
  list: manage
    .input(z.object({ includeRevoked: z.boolean().default(false), ...pageInput }))
    .output(pageOf(keyOutput))
    .query(({ ctx, input }) => listApiKeys(ctx.service, input)),

  /** The secret is in this response only; it is stored hashed. */
  create: manage
    .input(
      z.object({
        name: nameInput('Name', 100),
        scopes: z.array(permissionInput).min(1, 'Choose at least one scope.'),
        expiresInDays: z.number().int().min(1, 'At least one day.').max(365, 'At most 365 days.').nullable(),
      }),
    )
    .output(z.object({ key: z.string(), apiKey: keyOutput }))
    .mutation(({ ctx, input }) => createApiKey(ctx.service, input)),

  revoke: manage.input(idInput).output(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => revokeApiKey(ctx.service, input)),
});
