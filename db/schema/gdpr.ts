import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { users } from './users';
import { GDPR_TYPES, GDPR_STATUSES } from '../../lib/enums';

export const gdprRequests = pgTable(
  'gdpr_requests',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    subjectUserId: uuid('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
    subjectEmail: text('subject_email').notNull(),
    type: text('type', { enum: GDPR_TYPES }).notNull(),
    status: text('status', { enum: GDPR_STATUSES }).notNull().default('pending'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    // GDPR art. 12(3): one month to answer.
    dueAt: timestamp('due_at', { withTimezone: true })
      .notNull()
      .default(sql`now() + interval '1 month'`),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    notes: text('notes'),
    result: jsonb('result').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('gdpr_requests_tenant_status_due_idx').on(t.tenantId, t.status, t.dueAt),
    check('gdpr_requests_type_valid', sql`${t.type} in ('access', 'erasure', 'rectification', 'portability')`),
    check('gdpr_requests_status_valid', sql`${t.status} in ('pending', 'in_progress', 'completed', 'rejected')`),
    tenantIsolationPolicy(),
  ],
);

export const dataRetentionJobs = pgTable(
  'data_retention_jobs',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    executedAt: timestamp('executed_at', { withTimezone: true }),
    status: text('status', { enum: ['scheduled', 'running', 'completed', 'failed'] })
      .notNull()
      .default('scheduled'),
    deletedCounts: jsonb('deleted_counts').$type<Record<string, number>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('data_retention_jobs_tenant_scheduled_idx').on(t.tenantId, t.scheduledAt),
    check('data_retention_jobs_status_valid', sql`${t.status} in ('scheduled', 'running', 'completed', 'failed')`),
    tenantIsolationPolicy(),
  ],
);
