import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/db/client';
import { tenants } from '@/db/schema';
import { writeAudit } from '@/server/audit/write';
import { getStorage } from '@/server/storage';

/** Every table that holds tenant rows, read from the catalogue so a new table is never missed. */
async function tenantTables(tx: Tx): Promise<string[]> {
  const rows = await tx.execute<{ table_name: string }>(sql`
    select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`);
  return rows.map((r) => r.table_name);
}

/**
 * Removes every row and stored file of one deleted tenant, inside `tx` on the privileged
 * connection. Idempotent: a purge interrupted half-way simply runs again.
 */
export async function purgeTenant(tx: Tx, tenantId: string) {
  const files = await getStorage().removePrefix(`${tenantId}/`);
  const rows: Record<string, number> = {};
  const tables = await tenantTables(tx);
  for (const table of tables) {
    const [row] = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId}`,
    );
    if (row && row.n > 0) rows[table] = row.n;
  }
  // Children go with their parents (ON DELETE CASCADE); deleting table by table catches the rest.
  for (const table of tables) {
    await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
  }
  return { rows, files };
}

/** Purges the deleted tenants that have not been purged yet, one transaction each. */
export async function runPendingPurges(db: Db = getDb()): Promise<number> {
  let done = 0;
  for (;;) {
    const purged = await db.transaction(async (tx) => {
      const [next] = await tx
        .select({ id: tenants.id, slug: tenants.slug })
        .from(tenants)
        .where(sql`${tenants.status} = 'deleted' and ${tenants.purgedAt} is null`)
        .orderBy(tenants.deletedAt)
        .limit(1)
        .for('update', { skipLocked: true });
      if (!next) return false;
      const result = await purgeTenant(tx, next.id);
      await tx.update(tenants).set({ purgedAt: new Date(), purgeResult: result }).where(eq(tenants.id, next.id));
      await writeAudit(tx, {
        tenantId: null,
        actorType: 'system',
        actorLabel: 'tenant purge',
        action: 'tenant.purge',
        resourceType: 'tenant',
        resourceId: next.id,
        status: 'success',
        payload: { slug: next.slug, ...result },
      });
      return true;
    });
    if (!purged) return done;
    done++;
  }
}

let scheduled: ReturnType<typeof setTimeout> | undefined;

/** Starts pending purges in the background, soon after the request that asked for one. */
export function schedulePurges(delayMs = 100) {
  if (process.env.DISABLE_BACKGROUND_JOBS === '1' || scheduled) return;
  scheduled = setTimeout(() => {
    scheduled = undefined;
    runPendingPurges().catch((error: unknown) => console.error('tenant purge failed; it will be retried', error));
  }, delayMs);
}
