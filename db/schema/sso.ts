import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { roles } from './users';

/** What the last "Test sign-in" found, shown on the Settings card. */
export type SsoTestResult = {
  ok: boolean;
  /** The sentence for the admin: who the provider said, which user it would be, or why it failed. */
  message: string;
  email?: string | null;
  at: string;
};

/**
 * A tenant's OpenID Connect provider (issue 16): one per tenant. The client secret is AES-256-GCM
 * encrypted like the model key. `jit_role_id` NULL: people unknown to the workspace are refused.
 * `tested_at` is cleared whenever the provider settings change, and passwords can only be turned
 * off while it is set, so a workspace cannot lock itself out with a provider that never worked.
 */
export const tenantSso = pgTable(
  'tenant_sso',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    clientSecretEncrypted: text('client_secret_encrypted').notNull(),
    keyVersion: integer('key_version').notNull(),
    allowedDomains: text('allowed_domains').array().notNull(),
    jitRoleId: uuid('jit_role_id'),
    passwordsAllowed: boolean('passwords_allowed').notNull().default(true),
    enabled: boolean('enabled').notNull().default(false),
    testedAt: timestamp('tested_at', { withTimezone: true }),
    /** Who ran the successful test (a user id; kept without a foreign key so erasing that user is not blocked). */
    testedBy: uuid('tested_by'),
    lastTest: jsonb('last_test').$type<SsoTestResult>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('tenant_sso_tenant_key').on(t.tenantId),
    foreignKey({ name: 'tenant_sso_jit_role_fk', columns: [t.tenantId, t.jitRoleId], foreignColumns: [roles.tenantId, roles.id] }),
    check('tenant_sso_domains_count', sql`cardinality(${t.allowedDomains}) between 1 and 20`),
    check('tenant_sso_display_name_length', sql`length(btrim(${t.displayName})) between 1 and 60`),
    check('tenant_sso_issuer_length', sql`char_length(${t.issuer}) between 1 and 500`),
    check('tenant_sso_client_id_length', sql`char_length(${t.clientId}) between 1 and 300`),
    // Passwords may only be switched off once the provider has been seen to work.
    check('tenant_sso_passwords_off_tested', sql`${t.passwordsAllowed} or (${t.enabled} and ${t.testedAt} is not null)`),
    tenantIsolationPolicy(),
  ],
);
