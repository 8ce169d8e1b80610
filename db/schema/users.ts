import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, pgPolicy, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { PERMISSIONS, USER_STATUSES, USER_TOKEN_PURPOSES } from '../../lib/enums';

const permissionList = sql.raw(PERMISSIONS.map((p) => `'${p}'`).join(', '));

export const users = pgTable(
  'users',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    hashedPassword: text('hashed_password'),
    fullName: text('full_name').notNull().default(''),
    status: text('status', { enum: USER_STATUSES }).notNull().default('invited'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** Sessions signed in before this moment are over (set on deactivation and password reset). */
    sessionsRevokedAt: timestamp('sessions_revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('users_tenant_email_key').on(t.tenantId, t.email),
    // Target of composite foreign keys: a child row can only point at a user of its own tenant.
    unique('users_tenant_id_key').on(t.tenantId, t.id),
    index('users_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('users_status_valid', sql`${t.status} in ('invited', 'active', 'deactivated')`),
    check('users_active_has_password', sql`${t.status} <> 'active' or ${t.hashedPassword} is not null`),
    tenantIsolationPolicy(),
  ],
);

export const roles = pgTable(
  'roles',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    isSystem: boolean('is_system').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('roles_tenant_name_key').on(t.tenantId, t.name),
    unique('roles_tenant_id_key').on(t.tenantId, t.id),
    check('roles_name_not_blank', sql`length(btrim(${t.name})) between 1 and 100`),
    tenantIsolationPolicy(),
  ],
);

export const rolePermissions = pgTable(
  'role_permissions',
  {
    tenantId: uuid('tenant_id').notNull(),
    roleId: uuid('role_id').notNull(),
    permission: text('permission', { enum: PERMISSIONS }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'role_permissions_pkey', columns: [t.tenantId, t.roleId, t.permission] }),
    foreignKey({
      name: 'role_permissions_role_fk',
      columns: [t.tenantId, t.roleId],
      foreignColumns: [roles.tenantId, roles.id],
    }).onDelete('cascade'),
    check('role_permissions_catalog', sql`${t.permission} in (${permissionList})`),
    tenantIsolationPolicy(),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    roleId: uuid('role_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'user_roles_pkey', columns: [t.tenantId, t.userId, t.roleId] }),
    foreignKey({
      name: 'user_roles_user_fk',
      columns: [t.tenantId, t.userId],
      foreignColumns: [users.tenantId, users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'user_roles_role_fk',
      columns: [t.tenantId, t.roleId],
      foreignColumns: [roles.tenantId, roles.id],
    }).onDelete('cascade'),
    index('user_roles_tenant_role_idx').on(t.tenantId, t.roleId),
    tenantIsolationPolicy(),
  ],
);

/** Grants on restricted resources (documents, collections) to named users. */
export const permissions = pgTable(
  'permissions',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    resourceType: text('resource_type', { enum: ['document', 'collection', 'tenant'] }).notNull(),
    resourceId: uuid('resource_id').notNull(),
    level: text('level', { enum: ['read', 'write', 'admin'] }).notNull(),
    grantedBy: uuid('granted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('permissions_user_resource_key').on(t.tenantId, t.userId, t.resourceType, t.resourceId),
    foreignKey({
      name: 'permissions_user_fk',
      columns: [t.tenantId, t.userId],
      foreignColumns: [users.tenantId, users.id],
    }).onDelete('cascade'),
    index('permissions_tenant_resource_idx').on(t.tenantId, t.resourceType, t.resourceId),
    check('permissions_resource_type_valid', sql`${t.resourceType} in ('document', 'collection', 'tenant')`),
    check('permissions_level_valid', sql`${t.level} in ('read', 'write', 'admin')`),
    tenantIsolationPolicy(),
    // Only those with the admin level on the resource hand out, change or take back its grants
    // (app_can(), migration grant-levels-functions); reading grants stays open for app_can_read().
    pgPolicy('share_insert', {
      as: 'restrictive',
      for: 'insert',
      to: 'public',
      withCheck: sql`app_can(resource_type, resource_id, 'share')`,
    }),
    pgPolicy('share_update', { as: 'restrictive', for: 'update', to: 'public', using: sql`app_can(resource_type, resource_id, 'share')` }),
    pgPolicy('share_delete', { as: 'restrictive', for: 'delete', to: 'public', using: sql`app_can(resource_type, resource_id, 'share')` }),
  ],
);

/** Optional public profile of a tenant (seed 002's social links). */
export const tenantProfile = pgTable(
  'tenant_profile',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    description: text('description').notNull().default(''),
    socialLinks: text('social_links')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    updatedAt: updatedAt(),
  },
  () => [tenantIsolationPolicy()],
);

/**
 * One-time links (invitation, password reset). Only the SHA-256 of the token is stored; the
 * token itself is shown once to whoever created it.
 */
export const userTokens = pgTable(
  'user_tokens',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    purpose: text('purpose', { enum: USER_TOKEN_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'user_tokens_user_fk',
      columns: [t.tenantId, t.userId],
      foreignColumns: [users.tenantId, users.id],
    }).onDelete('cascade'),
    index('user_tokens_tenant_user_idx').on(t.tenantId, t.userId, t.purpose),
    check('user_tokens_purpose_valid', sql`${t.purpose} in ('invite', 'password_reset')`),
    tenantIsolationPolicy(),
  ],
);
