import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { tenantSso } from '@/db/schema';

/** Whether password sign-in is off for this workspace (SSO on, passwords not allowed). */
export async function passwordsRefused(tx: Tx, tenantId: string): Promise<{ displayName: string } | null> {
  const [row] = await tx
    .select({ displayName: tenantSso.displayName, enabled: tenantSso.enabled, passwordsAllowed: tenantSso.passwordsAllowed })
    .from(tenantSso)
    .where(eq(tenantSso.tenantId, tenantId))
    .limit(1);
  return row && row.enabled && !row.passwordsAllowed ? { displayName: row.displayName } : null;
}
