import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './_shared';
import { tenants } from './tenants';
import { MAIL_STATUSES } from '../../lib/enums';

/**
 * Global: every e-mail the console sends, with how its delivery went, and the outbox of the
 * embedded demo (no SMTP). Bodies hold one-time links, so only the privileged connection reads
 * it: no grant to the application role, and RLS on with no policy (migration 0016) should one
 * ever be granted.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: id(),
    /** The workspace the message is about; null for platform mail. */
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    // Free text checked for shape only, so a new kind of notice needs no migration.
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('queued'),
    error: text('error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('mail_outbox_created_idx').on(t.createdAt, t.id),
    index('mail_outbox_tenant_idx').on(t.tenantId, t.createdAt),
    check('mail_outbox_kind_format', sql`${t.kind} ~ '^[a-z][a-z_]{0,39}$'`),
    check('mail_outbox_status_valid', sql`${t.status} in ('queued', 'sent', 'failed', 'held')`),
  ],
).enableRLS();
