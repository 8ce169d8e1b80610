import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
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
    /**
     * Who acted, as a keyed HMAC of the user id per tenant (server/audit/pseudonym.ts). Their
     * e-mail and name live in audit_identities, which an erasure deletes; the chain (h3) covers
     * the pseudonym, so it still verifies and still links the person's actions afterwards.
     */
    actorPseudonym: text('actor_pseudonym'),
    /**
     * h3: keyed digest of the entry's personal part (actor label, address, user agent, personal
     * payload fields). The chain covers the digest, not the values, so an erasure can remove them.
     */
    personalDigest: text('personal_digest'),
    /** Set when an erasure removed the entry's personal part (server/gdpr/erasure). */
    personalErasedAt: timestamp('personal_erased_at', { withTimezone: true }),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_tenant_seq_idx').on(t.tenantId, t.seq),
    index('audit_logs_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('audit_logs_tenant_action_idx').on(t.tenantId, t.action, t.createdAt),
    index('audit_logs_tenant_pseudonym_idx').on(t.tenantId, t.actorPseudonym),
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

/**
 * Who a pseudonym in the audit log is, while they are not erased: the log shows these through a
 * join. An erasure deletes the person's row; their entries then show the pseudonym only. The
 * application role reads and upserts; only the erasure (privileged connection) deletes.
 */
export const auditIdentities = pgTable(
  'audit_identities',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    pseudonym: text('pseudonym').notNull(),
    userId: uuid('user_id'),
    email: text('email'),
    name: text('name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ name: 'audit_identities_pkey', columns: [t.tenantId, t.pseudonym] }), tenantIsolationPolicy()],
);
