import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, unique, uuid } from 'drizzle-orm/pg-core';
import { id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { users } from './users';

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
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'tenant_quotas_nonnegative',
      sql`coalesce(${t.maxTokensPerDay}, 0) >= 0 and coalesce(${t.maxIngestionsPerDay}, 0) >= 0
        and coalesce(${t.maxStorageBytes}, 0) >= 0 and coalesce(${t.maxRequestsPerMinute}, 0) >= 0`,
    ),
    tenantIsolationPolicy(),
  ],
);

/** Daily counters per user (and per tenant with user_id NULL). */
export const usageMetrics = pgTable(
  'usage_metrics',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    tokensIn: bigint('tokens_in', { mode: 'number' }).notNull().default(0),
    tokensOut: bigint('tokens_out', { mode: 'number' }).notNull().default(0),
    requests: integer('requests').notNull().default(0),
    ingestions: integer('ingestions').notNull().default(0),
    storageBytes: bigint('storage_bytes', { mode: 'number' }).notNull().default(0),
    costUsd: numeric('cost_usd', { precision: 14, scale: 6 }).notNull().default('0'),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('usage_metrics_tenant_user_date_key').on(t.tenantId, t.userId, t.date).nullsNotDistinct(),
    index('usage_metrics_tenant_date_idx').on(t.tenantId, t.date),
    check(
      'usage_metrics_nonnegative',
      sql`${t.tokensIn} >= 0 and ${t.tokensOut} >= 0 and ${t.requests} >= 0 and ${t.ingestions} >= 0 and ${t.costUsd} >= 0`,
    ),
    tenantIsolationPolicy(),
  ],
);
