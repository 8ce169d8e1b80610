import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy } from './_shared';
import { tenants } from './tenants';
import { ACTOR_TYPES, AUDIT_STATUSES } from '../../lib/enums';

/**
 * Append-only: UPDATE and DELETE are revoked from the application role. Each row chains the
 * hash of the previous row of the same tenant (tenant_id NULL: the global chain).
 */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: id(),
    // Orders the chain: created_at can tie within one transaction.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id'),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    status: text('status', { enum: AUDIT_STATUSES }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    correlationId: text('correlation_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_tenant_seq_idx').on(t.tenantId, t.seq),
    index('audit_logs_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('audit_logs_tenant_action_idx').on(t.tenantId, t.action, t.createdAt),
    // Sign-in throttling counts recent failures by account and by address.
    index('audit_logs_signin_ip_idx')
      .on(t.ipAddress, t.createdAt)
      .where(sql`${t.action} = 'auth.sign_in' and ${t.status} <> 'success'`),
    index('audit_logs_signin_actor_idx')
      .on(t.actorLabel, t.createdAt)
      .where(sql`${t.action} = 'auth.sign_in' and ${t.status} <> 'success'`),
    check('audit_logs_actor_type_valid', sql`${t.actorType} in ('user', 'superadmin', 'api_key', 'system')`),
    check('audit_logs_status_valid', sql`${t.status} in ('success', 'denied', 'error')`),
    tenantIsolationPolicy(),
  ],
);
