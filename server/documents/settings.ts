import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { FILE_TYPES, tenants, type FileType } from '@/db/schema';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export type UploadSettings = { allowedFileTypes: FileType[]; maxFileSizeBytes: number };

/** A tenant's upload settings; the tenants table is global, so this reads it on the privileged connection. */
export async function uploadSettings(db: Db, tenantId: string): Promise<UploadSettings> {
  const [row] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  return {
    allowedFileTypes: row?.settings.allowedFileTypes?.length ? row.settings.allowedFileTypes : [...FILE_TYPES],
    maxFileSizeBytes: row?.settings.maxFileSizeBytes ?? DEFAULT_MAX_FILE_BYTES,
  };
}
