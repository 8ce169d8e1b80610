import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy } from './_shared';
import { tenants } from './tenants';
import { users } from './users';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // The first characters of the key, shown in lists; the secret itself is only stored hashed.
    prefix: text('prefix').notNull().unique(),
    hashedKey: text('hashed_key').notNull(),
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('api_keys_tenant_created_idx').on(t.tenantId, t.createdAt),
    check('api_keys_name_not_blank', sql`length(btrim(${t.name})) between 1 and 100`),
    tenantIsolationPolicy(),
  ],
);
