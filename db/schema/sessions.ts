import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Global: browser sessions that were signed out before their token expired. Sessions are signed
 * tokens (JWT) the server does not store, so signing out records the session's id here and every
 * request refuses a listed one. A row is useless once its token has expired, and is pruned then.
 * Only the privileged connection reads or writes it (no grant to the application role).
 */
export const endedSessions = pgTable(
  'ended_sessions',
  {
    sessionId: text('session_id').primaryKey(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('ended_sessions_expires_idx').on(t.expiresAt)],
);
