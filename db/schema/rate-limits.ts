import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Global: requests counted per one-minute window, per workspace and per API key
 * (server/rate-limit). No RLS and no grant to the application role: only the privileged
 * connection counts, before any tenant transaction opens. Shared by every web process.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    /** What is counted: 'tenant' (key = tenant id) or 'api_key' (key = API key id). */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key, t.windowStart] }), check('rate_limit_counters_count_positive', sql`${t.count} > 0`)],
);
