import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Db, type Tx } from './client';

/** The role tenant transactions run as; created by migration 0000, never a superuser. */
export const APP_ROLE = 'agenticomni_app';

export type TenantScope = { tenantId: string; userId?: string | null };

const scopeSchema = z.object({
  tenantId: z.uuid(),
  userId: z.uuid().nullish(),
});

/**
 * Runs `fn` in a transaction scoped to one tenant: as the application role (so RLS applies),
 * with app.tenant_id and app.user_id set transaction-locally. Nothing outlives the transaction,
 * so a pooled connection never carries one tenant's context into the next request.
 */
export async function withTenant<T>(
  scope: TenantScope,
  fn: (tx: Tx) => Promise<T>,
  db: Db = getDb(),
): Promise<T> {
  const { tenantId, userId } = scopeSchema.parse(scope);
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL ROLE ${APP_ROLE}`));
    await tx.execute(
      sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId ?? ''}, true)`,
    );
    return fn(tx);
  });
}

/** A transaction on the privileged connection, for system work that spans tenants. */
export async function withSystem<T>(fn: (tx: Tx) => Promise<T>, db: Db = getDb()): Promise<T> {
  return db.transaction(fn);
}
