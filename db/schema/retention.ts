import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { users } from './users';
import { AUDIT_FLOOR_DAYS, LEGAL_HOLD_TARGETS, MAX_RETENTION_DAYS } from '../../lib/retention';

const days = (name: string) => integer(name);
const bounded = (column: string, min: number) =>
  sql.raw(`${column} is null or (${column} >= ${min} and ${column} <= ${MAX_RETENTION_DAYS})`);

/**
 * How long a tenant keeps each class of data, in days; NULL keeps it forever (the default, and
 * a tenant without a row keeps everything). The audit log cannot go below its floor.
 */
export const retentionPolicies = pgTable(
  'retention_policies',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    chatsDays: days('chats_days'),
    documentsDays: days('documents_days'),
    usageEventsDays: days('usage_events_days'),
    evaluationsDays: days('evaluations_days'),
    auditDays: days('audit_days'),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'retention_policies_pkey', columns: [t.tenantId] }),
    check('retention_policies_chats_days', bounded('chats_days', 1)),
    check('retention_policies_documents_days', bounded('documents_days', 1)),
    check('retention_policies_usage_events_days', bounded('usage_events_days', 1)),
    check('retention_policies_evaluations_days', bounded('evaluations_days', 1)),
    check('retention_policies_audit_floor', bounded('audit_days', AUDIT_FLOOR_DAYS)),
    tenantIsolationPolicy(),
  ],
);

/**
 * A legal hold keeps a user's data, or a document and what was derived from it, out of every
 * retention purge (and erasure must honour it too) until it is released. Released holds stay
 * as the record of when and by whom.
 */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: LEGAL_HOLD_TARGETS }).notNull(),
    // No foreign key: the hold is about the target, whichever table it lives in.
    targetId: uuid('target_id').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedBy: uuid('released_by'),
  },
  (t) => [
    foreignKey({ name: 'legal_holds_created_by_fk', columns: [t.createdBy], foreignColumns: [users.id] }).onDelete('set null'),
    foreignKey({ name: 'legal_holds_released_by_fk', columns: [t.releasedBy], foreignColumns: [users.id] }).onDelete('set null'),
    index('legal_holds_tenant_created_idx').on(t.tenantId, t.createdAt),
    // One active hold per target: a second one would say nothing more.
    uniqueIndex('legal_holds_active_target_key')
      .on(t.tenantId, t.targetType, t.targetId)
      .where(sql`${t.releasedAt} is null`),
    check('legal_holds_target_type_valid', sql`${t.targetType} in ('user', 'document')`),
    check('legal_holds_reason_present', sql`length(btrim(${t.reason})) between 1 and 1000`),
    tenantIsolationPolicy(),
  ],
);
