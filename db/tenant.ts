import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Db, type Tx } from './client';

/** The role tenant transactions run as; created by migration 0000, never a superuser. */
export const APP_ROLE = 'agenticomni_app';

export type TenantScope = {
  tenantId: string;
  userId?: string | null;
  /** Sees restricted collections and documents without a grant (those who hand out access, system work). */
  seeRestricted?: boolean;
};

const scopeSchema = z.object({
  tenantId: z.uuid(),
  userId: z.uuid().nullish(),
  seeRestricted: z.boolean().optional(),
});

/**
 * Runs `fn` in a transaction scoped to one tenant: as the application role (so RLS applies),
 * with app.tenant_id and app.user_id set transaction-locally. Nothing outlives the transaction,
 * so a pooled connection never carries one tenant's context into the next request.
 */
export async function withTenant<T>(scope: TenantScope, fn: (tx: Tx) => Promise<T>, db: Db = getDb()): Promise<T> {
  const parsed = scopeSchema.parse(scope);
  return db.transaction(async (tx) => {
    await enterScope(tx, parsed);
    return fn(tx);
  });
}

async function enterScope(tx: Tx, { tenantId, userId, seeRestricted }: TenantScope) {
  await tx.execute(sql.raw(`SET LOCAL ROLE ${APP_ROLE}`));
  await tx.execute(
    sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId ?? ''}, true),
      set_config('app.see_restricted', ${seeRestricted ? 'on' : 'off'}, true)`,
  );
}

/**
 * Runs `fn` as the application role scoped to one tenant inside a transaction that is already
 * open on the privileged connection (superadmin work), then returns to the privileged role.
 * Tenant rows written by platform actions still pass RLS, without a second connection (the
 * embedded database has only one, so a nested transaction would wait forever).
 */
export async function withTenantInTransaction<T>(tx: Tx, scope: TenantScope, fn: () => Promise<T>): Promise<T> {
  await enterScope(tx, scopeSchema.parse(scope));
  const result = await fn();
  // Only on success: after an error the transaction is aborted and rolls back anyway.
  await tx.execute(sql.raw('RESET ROLE'));
  await tx.execute(
    sql`select set_config('app.tenant_id', '', true), set_config('app.user_id', '', true), set_config('app.see_restricted', '', true)`,
  );
  return result;
}

/** A transaction on the privileged connection, for system work that spans tenants. */
export async function withSystem<T>(fn: (tx: Tx) => Promise<T>, db: Db = getDb()): Promise<T> {
  return db.transaction(fn);
}

/**
 * Runs `fn` inside a tenant transaction with restricted collections and documents visible (a
 * quota counts them, deleting a collection removes them), then restores what the transaction saw
 * before. The only place besides withTenant() that touches app.see_restricted.
 */
export async function withRestrictedVisible<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const [row] = await tx.execute<{ before: string | null }>(sql`select current_setting('app.see_restricted', true) as before`);
  await tx.execute(sql`select set_config('app.see_restricted', 'on', true)`);
  const result = await fn();
  // Only on success: after an error the transaction is aborted and rolls back anyway.
  await tx.execute(sql`select set_config('app.see_restricted', ${row?.before || 'off'}, true)`);
  return result;
}
