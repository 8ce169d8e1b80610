import { z } from 'zod';
import { PERMISSIONS } from '@/lib/enums';
import { pageInput } from '@/server/shared/pagination';
import { nameInput, permissionInput } from '@/server/shared/schema';

/** The API keys domain's contracts, shared by its router and its functions. */

export const apiKeyOutput = z.object({
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

export const apiKeyListInput = z.object({ includeRevoked: z.boolean().default(false), ...pageInput });
export type ApiKeyListInput = z.infer<typeof apiKeyListInput>;

/** A key expires unless the creator explicitly chooses 'never'. */
export const API_KEY_DEFAULT_EXPIRY_DAYS = 90;

export const createApiKeyInput = z.object({
  name: nameInput('Name', 100),
  scopes: z.array(permissionInput).min(1, 'Choose at least one scope.'),
  expiresInDays: z
    .union([z.literal('never'), z.number().int().min(1, 'At least one day.').max(365, 'At most 365 days.')], {
      error: 'Choose 1 to 365 days, or "never".',
    })
    .default(API_KEY_DEFAULT_EXPIRY_DAYS),
});
export type CreateApiKeyInput = z.output<typeof createApiKeyInput>;

/** The secret is in this response only; it is stored hashed. */
export const createApiKeyOutput = z.object({ key: z.string(), apiKey: apiKeyOutput });
