import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, currentTenantId, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { apiKeys } from './api-keys';
import { tenants } from './tenants';
import { users } from './users';
import { USAGE_KINDS } from '../../lib/enums';

const usageKindList = sql.raw(USAGE_KINDS.map((k) => `'${k}'`).join(', '));

/** One row per tenant; NULL means "no limit". */
export const tenantQuotas = pgTable(
  'tenant_quotas',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    maxTokensPerDay: bigint('max_tokens_per_day', { mode: 'number' }),
    maxIngestionsPerDay: integer('max_ingestions_per_day'),
    maxStorageBytes: bigint('max_storage_bytes', { mode: 'number' }),
    maxRequestsPerMinute: integer('max_requests_per_minute'),
    /** Optional cap on the month's cost (tenant-local calendar month), in USD. */
    maxCostPerMonthUsd: numeric('max_cost_per_month_usd', { precision: 14, scale: 2 }),
    /** Optional daily token limits below the tenant's: for each user, and for each API key. */
    maxTokensPerUserPerDay: bigint('max_tokens_per_user_per_day', { mode: 'number' }),
    maxTokensPerApiKeyPerDay: bigint('max_tokens_per_api_key_per_day', { mode: 'number' }),
    /** Share of a limit at which the tenant's admins are told, once per period. */
    softThresholdPercent: integer('soft_threshold_percent').notNull().default(80),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'tenant_quotas_nonnegative',
      sql`coalesce(${t.maxTokensPerDay}, 0) >= 0 and coalesce(${t.maxIngestionsPerDay}, 0) >= 0
        and coalesce(${t.maxStorageBytes}, 0) >= 0 and coalesce(${t.maxRequestsPerMinute}, 0) >= 0`,
    ),
    check(
      'tenant_quotas_more_nonnegative',
      sql`coalesce(${t.maxCostPerMonthUsd}, 0) >= 0 and coalesce(${t.maxTokensPerUserPerDay}, 0) >= 0
        and coalesce(${t.maxTokensPerApiKeyPerDay}, 0) >= 0`,
    ),
    check('tenant_quotas_threshold_range', sql`${t.softThresholdPercent} between 1 and 100`),
    tenantIsolationPolicy(),
  ],
);

/**
 * Immutable record of one piece of work that costs (issue 11): a chat answer, embeddings at
 * ingestion or query time, OCR pages, an ingestion, an evaluation run, a storage change. Its cost
 * is computed from the price table when written and kept here; NULL cost means "unpriced" (no
 * price matched), never $0. `local_date` is the day in the tenant's time zone at `occurred_at`.
 * Append-only for tenant transactions (no UPDATE/DELETE grant).
 */
export const usageEvents = pgTable(
  'usage_events',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: USAGE_KINDS }).notNull(),
    /** The model that did the work ('' when none: an ingestion, a storage change). */
    model: text('model').notNull().default(''),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
    cachedTokens: bigint('cached_tokens', { mode: 'number' }).notNull().default(0),
    /** Calls made (1 for a model call, 0 for a storage change); a failed call is 1 with 0 tokens. */
    requests: integer('requests').notNull().default(0),
    /** Pages read by OCR. */
    ocrPages: integer('ocr_pages').notNull().default(0),
    /** Documents ingested (1 per ingestion). */
    ingestions: integer('ingestions').notNull().default(0),
    /** Change of stored bytes (negative when a file is removed). */
    storageBytes: bigint('storage_bytes', { mode: 'number' }).notNull().default(0),
    /** True when the provider did not report tokens and they were estimated. */
    tokensEstimated: boolean('tokens_estimated').notNull().default(false),
    failed: boolean('failed').notNull().default(false),
    costUsd: numeric('cost_usd', { precision: 14, scale: 6 }),
    priceId: uuid('price_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('usage_events_tenant_time_idx').on(t.tenantId, t.occurredAt),
    index('usage_events_tenant_date_idx').on(t.tenantId, t.localDate),
    check('usage_events_kind_valid', sql`${t.kind} in (${usageKindList})`),
    check(
      'usage_events_nonnegative',
      sql`${t.inputTokens} >= 0 and ${t.outputTokens} >= 0 and ${t.cachedTokens} >= 0 and ${t.requests} >= 0
        and ${t.ocrPages} >= 0 and ${t.ingestions} >= 0 and coalesce(${t.costUsd}, 0) >= 0`,
    ),
    tenantIsolationPolicy(),
  ],
);

/**
 * Daily rollups of usage_events per tenant-local day, user, API key, kind and model, written in
 * the same transaction as each event. Pages read these, never the events.
 */
export const usageMetrics = pgTable(
  'usage_metrics',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: USAGE_KINDS }).notNull().default('chat'),
    model: text('model').notNull().default(''),
    tokensIn: bigint('tokens_in', { mode: 'number' }).notNull().default(0),
    tokensOut: bigint('tokens_out', { mode: 'number' }).notNull().default(0),
    tokensCached: bigint('tokens_cached', { mode: 'number' }).notNull().default(0),
    requests: integer('requests').notNull().default(0),
    failedRequests: integer('failed_requests').notNull().default(0),
    ingestions: integer('ingestions').notNull().default(0),
    ocrPages: integer('ocr_pages').notNull().default(0),
    /** Net change of stored bytes that day (may be negative). */
    storageBytes: bigint('storage_bytes', { mode: 'number' }).notNull().default(0),
    /** Sum of the priced events' costs. */
    costUsd: numeric('cost_usd', { precision: 14, scale: 6 }).notNull().default('0'),
    /** Events that day with no price: their cost is unknown, not zero. */
    unpricedEvents: integer('unpriced_events').notNull().default(0),
    events: integer('events').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('usage_metrics_rollup_key').on(t.tenantId, t.date, t.userId, t.apiKeyId, t.kind, t.model).nullsNotDistinct(),
    index('usage_metrics_tenant_date_idx').on(t.tenantId, t.date),
    check(
      'usage_metrics_nonnegative',
      sql`${t.tokensIn} >= 0 and ${t.tokensOut} >= 0 and ${t.tokensCached} >= 0 and ${t.requests} >= 0
        and ${t.failedRequests} >= 0 and ${t.ingestions} >= 0 and ${t.ocrPages} >= 0 and ${t.costUsd} >= 0
        and ${t.unpricedEvents} >= 0 and ${t.events} >= 0`,
    ),
    check('usage_metrics_kind_valid', sql`${t.kind} in (${usageKindList})`),
    tenantIsolationPolicy(),
  ],
);

/**
 * Model prices, in USD per million tokens, from `effective_from` on. A platform row (tenant_id
 * NULL) applies to every tenant; a tenant row overrides it for that tenant. `model_pattern` is a
 * glob (`gpt-4o*`); the most specific (longest) pattern wins, then the latest effective date.
 * Tenant transactions may read the platform's and their own rows, never write (superadmins edit).
 */
export const modelPrices = pgTable(
  'model_prices',
  {
    id: id(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    modelPattern: text('model_pattern').notNull(),
    inputPerMTokUsd: numeric('input_per_mtok_usd', { precision: 12, scale: 6 }).notNull().default('0'),
    outputPerMTokUsd: numeric('output_per_mtok_usd', { precision: 12, scale: 6 }).notNull().default('0'),
    cachedPerMTokUsd: numeric('cached_per_mtok_usd', { precision: 12, scale: 6 }).notNull().default('0'),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('model_prices_scope_pattern_from_key').on(t.tenantId, t.modelPattern, t.effectiveFrom).nullsNotDistinct(),
    check('model_prices_pattern_not_blank', sql`length(btrim(${t.modelPattern})) between 1 and 200`),
    check('model_prices_nonnegative', sql`${t.inputPerMTokUsd} >= 0 and ${t.outputPerMTokUsd} >= 0 and ${t.cachedPerMTokUsd} >= 0`),
    pgPolicy('model_prices_read', {
      as: 'permissive',
      for: 'select',
      to: 'public',
      using: sql`tenant_id is null or tenant_id = ${currentTenantId}`,
    }),
  ],
);
