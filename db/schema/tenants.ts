import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_shared';
import { TENANT_PLANS, TENANT_STATUSES, type FileType } from '../../lib/enums';

export type TenantSettings = {
  allowedFileTypes?: FileType[];
  maxFileSizeBytes?: number;
  /** IANA time zone whose midnight starts the workspace's usage days (default UTC). */
  timeZone?: string;
};

export type TenantPurgeResult = { rows: Record<string, number>; files: number; error?: string };

/** Global: one row per organisation. No RLS; only superadmin and system code touch it. */
export const tenants = pgTable(
  'tenants',
  {
    id: id(),
    name: text('name').notNull(),
    slug: text('slug').notNull().unique(),
    status: text('status', { enum: TENANT_STATUSES }).notNull().default('active'),
    plan: text('plan', { enum: TENANT_PLANS }).notNull().default('trial'),
    planExpiresAt: timestamp('plan_expires_at', { withTimezone: true }),
    settings: jsonb('settings').$type<TenantSettings>().notNull().default({}),
    retentionDays: integer('retention_days'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** Sessions signed in before this moment are over (set on suspension). */
    sessionsRevokedAt: timestamp('sessions_revoked_at', { withTimezone: true }),
    // Set by the background purge once every row and file of a deleted tenant is gone.
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    purgeResult: jsonb('purge_result').$type<TenantPurgeResult>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('tenants_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,46}[a-z0-9]$'`),
    check('tenants_name_not_blank', sql`length(btrim(${t.name})) between 1 and 200`),
    check('tenants_status_valid', sql`${t.status} in ('trial', 'active', 'suspended', 'deleted')`),
    check('tenants_plan_valid', sql`${t.plan} in ('trial', 'pro', 'enterprise')`),
    check('tenants_retention_positive', sql`${t.retentionDays} is null or ${t.retentionDays} > 0`),
    index('tenants_status_idx').on(t.status, t.createdAt),
  ],
);

/** Global: platform operators. They sign in without a workspace. */
export const systemAdmins = pgTable(
  'system_admins',
  {
    id: id(),
    email: text('email').notNull().unique(),
    hashedPassword: text('hashed_password').notNull(),
    fullName: text('full_name').notNull(),
    immutable: boolean('immutable').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** Sessions signed in before this moment are over ("Sign out everywhere"). */
    sessionsRevokedAt: timestamp('sessions_revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('system_admins_email_lower', sql`${t.email} = lower(${t.email})`)],
);

/** Global catalogue of model endpoints a tenant may choose from. */
export const llmProviders = pgTable(
  'llm_providers',
  {
    id: id(),
    name: text('name').notNull().unique(),
    type: text('type', { enum: ['openai-compatible', 'local'] }).notNull(),
    baseUrl: text('base_url'),
    createdAt: createdAt(),
  },
  (t) => [check('llm_providers_type_valid', sql`${t.type} in ('openai-compatible', 'local')`)],
);
