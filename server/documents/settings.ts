import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { FILE_TYPES, type FileType, type TenantSettings } from '@/db/schema';

export { DEFAULT_MAX_FILE_BYTES } from '@/lib/quota-defaults';
import { DEFAULT_MAX_FILE_BYTES } from '@/lib/quota-defaults';

export type UploadSettings = { allowedFileTypes: FileType[]; maxFileSizeBytes: number };

/**
 * The upload settings of the tenant `tx` is scoped to. The tenants table is global and not the
 * application role's to read, so this goes through app_current_tenant_settings() (migration
 * 0012), which returns the current tenant's settings only.
 */
export async function uploadSettings(tx: Tx): Promise<UploadSettings> {
  const [row] = await tx.execute<{ settings: TenantSettings | null }>(sql`select app_current_tenant_settings() as settings`);
  const settings = row?.settings ?? {};
  return {
    allowedFileTypes: settings.allowedFileTypes?.length ? settings.allowedFileTypes : [...FILE_TYPES],
    maxFileSizeBytes: settings.maxFileSizeBytes ?? DEFAULT_MAX_FILE_BYTES,
  };
}
