import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy } from './_shared';
import { apiKeys } from './api-keys';
import { tenants } from './tenants';

/**
 * `Idempotency-Key`s of the public API (server/rest/idempotency.ts): one row per (tenant, API key,
 * key), claimed by inserting it (the unique index makes two concurrent claims one winner), then
 * holding the response to replay once the request succeeded. Kept 24 hours.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** SHA-256 of the request as the client sent it (method, path, query, body or form fields and file bytes). */
    requestHash: text('request_hash').notNull(),
    state: text('state').notNull().default('in_progress'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    /** Response headers worth replaying (Location). */
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_idempotency_keys_key_idx').on(t.tenantId, t.apiKeyId, t.key),
    index('api_idempotency_keys_created_idx').on(t.createdAt),
    check('api_idempotency_keys_state_valid', sql`${t.state} in ('in_progress', 'completed')`),
    check('api_idempotency_keys_key_length', sql`length(${t.key}) between 1 and 255`),
    tenantIsolationPolicy(),
  ],
);
