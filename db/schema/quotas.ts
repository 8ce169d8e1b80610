import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy } from './_shared';
import { apiKeys } from './api-keys';
import { tenants } from './tenants';
import { users } from './users';

/** What a quota counter counts: daily tokens of the tenant, a user or an API key, or the month's cost. */
export const QUOTA_SCOPES = ['tenant', 'user', 'api_key', 'cost_month'] as const;
export type QuotaScope = (typeof QUOTA_SCOPES)[number];
const scopeList = sql.raw(QUOTA_SCOPES.map((s) => `'${s}'`).join(', '));

/**
 * Quota counters (issue 11): per tenant, scope, subject (the tenant, user or key id) and period
 * (tenant-local `YYYY-MM-DD`, or `YYYY-MM` for the cost cap). `used` follows usage_events through
 * a trigger on their insert, so it always equals the sum of the period's events; `reserved` holds
 * the worst case of model calls under way, added by one conditional UPDATE that cannot pass the
 * limit (server/usage/reserve.ts).
 */
export const quotaCounters = pgTable(
  'quota_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    scope: text('scope', { enum: QUOTA_SCOPES }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    period: text('period').notNull(),
    /** Tokens (or USD for the cost cap) of the period's events. */
    used: numeric('used', { precision: 20, scale: 6 }).notNull().default('0'),
    reserved: numeric('reserved', { precision: 20, scale: 6 }).notNull().default('0'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.scope, t.subjectId, t.period] }),
    check('quota_counters_scope_valid', sql`${t.scope} in (${scopeList})`),
    check('quota_counters_nonnegative', sql`${t.used} >= 0 and ${t.reserved} >= 0`),
    tenantIsolationPolicy(),
  ],
);

/** One counter a reservation holds an amount on. */
export type QuotaHold = { scope: QuotaScope; subjectId: string; period: string; amount: number };

/**
 * Amounts held on quota counters by one model call under way. Settled or released by the call;
 * one left behind by a crashed process is released by the sweeper once `expires_at` passes.
 */
export const quotaReservations = pgTable(
  'quota_reservations',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    holds: jsonb('holds').$type<QuotaHold[]>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('quota_reservations_expires_idx').on(t.expiresAt), tenantIsolationPolicy()],
);

/** A soft threshold passed: one row per tenant, limit, subject and period, so admins are told once. */
export const quotaNotices = pgTable(
  'quota_notices',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    limitName: text('limit_name').notNull(),
    subjectId: uuid('subject_id').notNull(),
    period: text('period').notNull(),
    used: numeric('used', { precision: 20, scale: 6 }).notNull(),
    limitValue: numeric('limit_value', { precision: 20, scale: 6 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('quota_notices_once_key').on(t.tenantId, t.limitName, t.subjectId, t.period), tenantIsolationPolicy()],
);

/** Refused requests per tenant-local day, limit, user and API key, for the usage page. */
export const quotaRefusals = pgTable(
  'quota_refusals',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    limitName: text('limit_name').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    refusals: integer('refusals').notNull().default(0),
  },
  (t) => [
    unique('quota_refusals_rollup_key').on(t.tenantId, t.date, t.limitName, t.userId, t.apiKeyId).nullsNotDistinct(),
    check('quota_refusals_positive', sql`${t.refusals} >= 0`),
    tenantIsolationPolicy(),
  ],
);

export type QuotaCounterRow = typeof quotaCounters.$inferSelect;
