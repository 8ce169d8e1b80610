import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { users } from './users';
import type { RetentionCounts, RetentionPolicies } from '../../lib/retention';
import { GDPR_SHARED_DOCUMENTS, GDPR_STATUSES, GDPR_TYPES, GDPR_VERIFICATION_METHODS } from '../../lib/enums';

/**
 * A data subject's request (GDPR Art. 15–18, 20). The tenant is the controller: its admins
 * (`gdpr:manage`) take it through received → identity_verified → approved → processing →
 * completed, or reject or cancel it; every transition is audited. The legal clock: due one
 * calendar month after receipt, extended once by up to two months before that date.
 */
export const gdprRequests = pgTable(
  'gdpr_requests',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    type: text('type', { enum: GDPR_TYPES }).notNull(),
    status: text('status', { enum: GDPR_STATUSES }).notNull().default('received'),
    // The subject: a user of the tenant, or only an e-mail address. After an erasure both are
    // replaced by the pseudonym, so the request itself keeps no personal data.
    subjectUserId: uuid('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
    subjectEmail: text('subject_email'),
    subjectPseudonym: text('subject_pseudonym'),
    /** 'admin' when filed by an admin for the subject, 'self' when the user filed it. */
    channel: text('channel', { enum: ['admin', 'self'] })
      .notNull()
      .default('admin'),
    filedBy: uuid('filed_by').references(() => users.id, { onDelete: 'set null' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** Art. 12(3): one extension, with its reason, recorded before the original due date. */
    extendedDueAt: timestamp('extended_due_at', { withTimezone: true }),
    extensionReason: text('extension_reason'),
    extendedAt: timestamp('extended_at', { withTimezone: true }),
    identityVerifiedAt: timestamp('identity_verified_at', { withTimezone: true }),
    verificationMethod: text('verification_method', { enum: GDPR_VERIFICATION_METHODS }),
    /** SHA-256 of the code e-mailed to the subject; never the code itself. */
    verificationCodeHash: text('verification_code_hash'),
    verificationCodeExpiresAt: timestamp('verification_code_expires_at', { withTimezone: true }),
    verificationAttempts: integer('verification_attempts').notNull().default(0),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    /** Erasure: what becomes of the subject's uploads to shared collections. */
    sharedDocuments: text('shared_documents', { enum: GDPR_SHARED_DOCUMENTS }),
    /** Progress of the background work: what it is doing and how far. */
    progress: jsonb('progress').$type<{ step: string; done: number; total: number } | null>(),
    /** Access and portability: the built ZIP in storage, its hash and size. */
    exportStorageKey: text('export_storage_key'),
    exportSha256: text('export_sha256'),
    exportSizeBytes: bigint('export_size_bytes', { mode: 'number' }),
    /** Erasure: the signed certificate (no personal data). */
    certificate: jsonb('certificate').$type<Record<string, unknown> | null>(),
    certificateSignature: text('certificate_signature'),
    error: text('error'),
    notes: text('notes'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('gdpr_requests_tenant_status_due_idx').on(t.tenantId, t.status, t.dueAt),
    index('gdpr_requests_tenant_received_idx').on(t.tenantId, t.receivedAt),
    index('gdpr_requests_tenant_subject_idx').on(t.tenantId, t.subjectUserId),
    check('gdpr_requests_type_valid', sql`${t.type} in ('access', 'portability', 'erasure', 'rectification', 'restriction')`),
    check(
      'gdpr_requests_status_valid',
      sql`${t.status} in ('received', 'identity_verified', 'approved', 'processing', 'completed', 'rejected', 'cancelled')`,
    ),
    check('gdpr_requests_channel_valid', sql`${t.channel} in ('admin', 'self')`),
    check(
      'gdpr_requests_subject_present',
      sql`${t.subjectUserId} is not null or ${t.subjectEmail} is not null or ${t.subjectPseudonym} is not null`,
    ),
    check('gdpr_requests_extension_bounded', sql`${t.extendedDueAt} is null or ${t.extendedDueAt} > ${t.dueAt}`),
    check('gdpr_requests_rejection_reason', sql`${t.status} <> 'rejected' or ${t.rejectionReason} is not null`),
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
    /** Per class of data, what the run removed (server/gdpr/retention): counts only, never content. */
    deletedCounts: jsonb('deleted_counts').$type<RetentionCounts>().notNull().default({}),
    /** The tenant-local day the run is for: the daily scheduler enqueues one run per tenant-day. */
    localDate: date('local_date', { mode: 'string' }),
    /** The periods (days per class) the run applied. */
    policy: jsonb('policy').$type<Partial<RetentionPolicies>>(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    index('data_retention_jobs_tenant_scheduled_idx').on(t.tenantId, t.scheduledAt),
    uniqueIndex('data_retention_jobs_tenant_day_key').on(t.tenantId, t.localDate),
    check('data_retention_jobs_status_valid', sql`${t.status} in ('scheduled', 'running', 'completed', 'failed')`),
    tenantIsolationPolicy(),
  ],
);
