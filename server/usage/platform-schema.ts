import { z } from 'zod';
import { TENANT_STATUSES } from '@/lib/enums';
import { pageInput, sortDirection } from '@/server/shared/pagination';

/** The superadmin's usage contracts (issue 11): usage across tenants and the model price table. */

/** The date-range presets of the cross-tenant list, in days ending today (UTC). */
export const USAGE_RANGE_DAYS = [7, 30, 90] as const;

export const platformUsageListInput = z.object({
  days: z.union([z.literal(7), z.literal(30), z.literal(90)]).default(30),
  search: z.string().trim().max(200).optional(),
  sort: z.enum(['tokens', 'cost', 'storage', 'growth', 'name']).default('tokens'),
  dir: sortDirection,
  ...pageInput,
});
export type PlatformUsageListInput = z.infer<typeof platformUsageListInput>;

export const platformUsageItem = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(TENANT_STATUSES),
  /** Input and output tokens in the range. */
  tokens: z.number(),
  /** Sum of the priced events' costs in the range, in USD (a decimal string: no float rounding). */
  costUsd: z.string(),
  /** Events in the range with no price: their cost is unknown, not zero. */
  unpricedEvents: z.number(),
  requests: z.number(),
  /** Bytes stored now: the sum of every day's net change. */
  storageBytes: z.number(),
  /** Tokens in the range against the previous range of the same length, in percent; null when that was 0. */
  growthPercent: z.number().nullable(),
});

export const platformUsageOutput = z.object({
  items: z.array(platformUsageItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  from: z.string(),
  to: z.string(),
});

const PATTERN = /^[A-Za-z0-9._:/*-]+$/;

/** A price in USD per million tokens: non-negative, at most 6 decimals (numeric(12, 6)). */
const priceInput = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what} price (0 when free).`)
    .regex(/^\d+(\.\d+)?$/, `The ${what} price must be a non-negative number of US dollars, such as 2.5.`)
    .refine((v) => !/\.\d{7,}$/.test(v), `The ${what} price can have at most 6 decimals.`)
    .refine((v) => v.split('.')[0]!.replace(/^0+(?=\d)/, '').length <= 6, `The ${what} price must be below 1,000,000 USD.`);

export const createPriceInput = z.object({
  /** null: a platform price for every tenant; else an override for that tenant. */
  tenantId: z.uuid().nullable().default(null),
  modelPattern: z
    .string()
    .trim()
    .min(1, 'Enter a model name or pattern.')
    .max(200, 'The model pattern can be at most 200 characters.')
    .regex(PATTERN, 'Use letters, digits and . _ : / - in the model pattern, and * for "anything".'),
  inputPerMTokUsd: priceInput('input'),
  outputPerMTokUsd: priceInput('output'),
  cachedPerMTokUsd: priceInput('cached input'),
  /** Omitted: from now. May be in the future; never in the past (prices already charged stay). */
  effectiveFrom: z.date().optional(),
});
export type CreatePriceInput = z.infer<typeof createPriceInput>;

export const priceListInput = z.object({
  search: z.string().trim().max(200).optional(),
  ...pageInput,
});
export type PriceListInput = z.infer<typeof priceListInput>;

export const priceOutput = z.object({
  id: z.uuid(),
  tenant: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
  modelPattern: z.string(),
  inputPerMTokUsd: z.string(),
  outputPerMTokUsd: z.string(),
  cachedPerMTokUsd: z.string(),
  effectiveFrom: z.date(),
  createdAt: z.date(),
  /** Not yet in effect: the only prices that may be deleted. */
  scheduled: z.boolean(),
});

export const unpricedModelOutput = z.object({
  model: z.string(),
  tenants: z.number(),
  unpricedEvents: z.number(),
  lastSeen: z.string(),
});
