import { sql } from 'drizzle-orm';
import { pgPolicy, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The tenant of the current transaction, or NULL when none is set.
 * `nullif` matters: once a transaction-local setting has been used on a connection, later
 * transactions read it back as '' rather than NULL, and ''::uuid would raise instead of
 * matching nothing. NULL makes every policy comparison false: fail closed.
 */
export const currentTenantId = sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/** The user of the current transaction, or NULL (superadmins, system work). */
export const currentUserId = sql`(select nullif(current_setting('app.user_id', true), '')::uuid)`;

/** The one policy every tenant-scoped table carries, for reads and writes alike. */
export const tenantIsolationPolicy = () =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: 'public',
    using: sql`tenant_id = ${currentTenantId}`,
    withCheck: sql`tenant_id = ${currentTenantId}`,
  });

export const id = () => uuid('id').primaryKey().defaultRandom();

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
