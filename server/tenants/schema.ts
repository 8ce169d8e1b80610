import { z } from 'zod';
import { FILE_TYPES, TENANT_PLANS, TENANT_STATUSES } from '@/lib/enums';
import { bytesText, MAX_FILE_BYTES, MIN_FILE_BYTES } from '@/lib/quota-units';
import { pageInput, sortDirection } from '@/server/shared/pagination';
import { sentLinkOutput } from '@/server/users/schema';
import { emailInput, nameInput } from '@/server/shared/schema';

/** The tenants domain's contracts (superadmin console), shared by its router and its functions. */

const FILE_SIZE_RANGE = `The maximum file size must be from ${bytesText(MIN_FILE_BYTES)} to ${bytesText(MAX_FILE_BYTES)}.`;

const limit = (what: string) =>
  z.number().int(`${what} must be a whole number.`).min(0, `${what} cannot be negative.`).max(Number.MAX_SAFE_INTEGER).nullable();

export const quotasInput = z.object({
  maxTokensPerDay: limit('Tokens per day'),
  maxIngestionsPerDay: limit('Ingestions per day'),
  maxStorageBytes: limit('Storage'),
  maxRequestsPerMinute: limit('Requests per minute'),
  maxCostPerMonthUsd: z
    .number()
    .min(0, 'The monthly cost cap cannot be negative.')
    .max(999_999_999_999, 'The monthly cost cap is too large.')
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'The monthly cost cap can have at most 2 decimals (cents).')
    .nullable(),
  maxTokensPerUserPerDay: limit('Tokens per user per day'),
  maxTokensPerApiKeyPerDay: limit('Tokens per API key per day'),
  /** Share of each limit at which the tenant's admins are told (not a limit: always set). */
  softThresholdPercent: z
    .number()
    .int('The warning threshold must be a whole percentage.')
    .min(1, 'The warning threshold must be between 1 and 100 %.')
    .max(100, 'The warning threshold must be between 1 and 100 %.'),
});

export const tenantSettingsInput = z.object({
  allowedFileTypes: z.array(z.enum(FILE_TYPES)).min(1, 'Allow at least one file type.').optional(),
  maxFileSizeBytes: z
    .number()
    .int('The maximum file size must be a whole number of bytes.')
    .min(MIN_FILE_BYTES, FILE_SIZE_RANGE)
    .max(MAX_FILE_BYTES, FILE_SIZE_RANGE)
    .optional(),
});

/** Settings as stored: sizes saved before the 1 MB floor still read back. */
const tenantSettingsOutput = z.object({
  allowedFileTypes: z.array(z.enum(FILE_TYPES)).optional(),
  maxFileSizeBytes: z.number().int().positive().optional(),
});

export const slugInput = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'The slug needs at least 2 characters.')
  .max(48, 'The slug can be at most 48 characters.')
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'Use lowercase letters, digits and hyphens, starting and ending with a letter or digit.')
  .refine((s) => !['admin', 'api', 'new', 'www', 'sign-in', 'invite'].includes(s), 'This slug is reserved.');

export const tenantListItem = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(TENANT_STATUSES),
  plan: z.enum(TENANT_PLANS),
  createdAt: z.date(),
  deletedAt: z.date().nullable(),
  purgedAt: z.date().nullable(),
  users: z.number(),
  documents: z.number(),
  storageBytes: z.number(),
  tokensThisMonth: z.number(),
  lastActivityAt: z.date().nullable(),
});

export const tenantDetailOutput = tenantListItem.extend({
  planExpiresAt: z.date().nullable(),
  settings: tenantSettingsOutput,
  retentionDays: z.number().nullable(),
  purgeResult: z.object({ rows: z.record(z.string(), z.number()), files: z.number(), error: z.string().optional() }).nullable(),
  quotas: quotasInput,
});

export const tenantListInput = z.object({
  search: z.string().trim().max(200).optional(),
  status: z.enum(TENANT_STATUSES).optional(),
  sort: z.enum(['name', 'created', 'users', 'documents', 'storage', 'tokens', 'lastActivity']).default('created'),
  dir: sortDirection,
  ...pageInput,
});
export type TenantListInput = z.infer<typeof tenantListInput>;

export const createTenantInput = z.object({
  name: nameInput('Name'),
  slug: slugInput,
  plan: z.enum(TENANT_PLANS).default('trial'),
  quotas: quotasInput.partial().optional(),
  adminEmail: emailInput,
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;
export const createTenantOutput = z.object({ tenant: tenantDetailOutput, invitation: sentLinkOutput });

export const updateTenantInput = z.object({
  id: z.uuid(),
  name: nameInput('Name').optional(),
  plan: z.enum(TENANT_PLANS).optional(),
  quotas: quotasInput.partial().optional(),
  settings: tenantSettingsInput.optional(),
  retentionDays: z
    .number()
    .int('Retention is a whole number of days.')
    .min(1, 'Retention must be at least 1 day, or empty for no limit.')
    .max(36500, 'Retention can be at most 36,500 days (100 years), or empty for no limit.')
    .nullable()
    .optional(),
});
export type UpdateTenantInput = z.infer<typeof updateTenantInput>;

export const deleteTenantInput = z.object({ id: z.uuid(), confirmSlug: z.string().max(100) });
export type DeleteTenantInput = z.infer<typeof deleteTenantInput>;
