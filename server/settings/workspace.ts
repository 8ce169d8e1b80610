import 'server-only';
import { sql } from 'drizzle-orm';
import { pgErrorCode } from '@/db/errors';
import type { TenantSettings } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest } from '@/server/shared/errors';
import { DEFAULT_TIME_ZONE } from '@/lib/time-zones';
import { uploadSettings } from '@/server/documents/settings';
import type { UpdateWorkspaceSettingsInput } from './schema';

export type WorkspaceSettings = { timeZone: string };

/**
 * The workspace settings stored on the tenant. The tenants table is global and not the
 * application role's, so this reads through app_current_tenant_settings() (current tenant only).
 */
export async function getWorkspaceSettings(ctx: TenantServiceContext): Promise<WorkspaceSettings> {
  const [row] = await ctx.db.execute<{ settings: TenantSettings | null }>(sql`select app_current_tenant_settings() as settings`);
  return { timeZone: row?.settings?.timeZone ?? DEFAULT_TIME_ZONE };
}

/**
 * Sets the time zone whose midnight starts the workspace's usage days. Events already recorded
 * keep the day they were given; only later ones follow the new zone. Written through
 * app_set_current_tenant_time_zone() (migration 0024), which touches this tenant's time zone only
 * and refuses a zone the database cannot compute in.
 */
export async function updateWorkspaceSettings(ctx: TenantServiceContext, input: UpdateWorkspaceSettingsInput): Promise<WorkspaceSettings> {
  const before = await getWorkspaceSettings(ctx);
  try {
    await ctx.db.execute(sql`select app_set_current_tenant_time_zone(${input.timeZone})`);
  } catch (error) {
    // invalid_parameter_value: the runtime knows the zone, the database's time-zone data does not.
    if (pgErrorCode(error) === '22023') badRequest(`The database does not know the time zone ${input.timeZone}. Choose another one.`);
    throw error;
  }
  await recordAudit(ctx, {
    action: 'settings.workspace_update',
    resourceType: 'tenant',
    resourceId: ctx.tenantId,
    payload: { timeZone: input.timeZone, previousTimeZone: before.timeZone },
  });
  return getWorkspaceSettings(ctx);
}

/**
 * What a superadmin decides for this workspace (file types, maximum file size, retention), for its
 * admins to read: through app_current_tenant_settings() and app_current_tenant_retention_days()
 * (migration 0042), which answer for the current tenant only.
 */
export async function getPlatformLimits(ctx: TenantServiceContext) {
  const upload = await uploadSettings(ctx.db);
  const [row] = await ctx.db.execute<{ settings: TenantSettings | null; retention_days: number | null }>(
    sql`select app_current_tenant_settings() as settings, app_current_tenant_retention_days() as retention_days`,
  );
  return {
    allowedFileTypes: upload.allowedFileTypes,
    maxFileSizeBytes: upload.maxFileSizeBytes,
    maxFileSizeIsDefault: row?.settings?.maxFileSizeBytes === undefined,
    retentionDays: row?.retention_days ?? null,
  };
}
