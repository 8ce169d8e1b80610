import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { sqlState } from '@/test/pg-error';
import { insertTenantRows, TENANT_ROW_BUILDERS, type Refs } from '@/test/tenant-rows';
import { pgErrorCode } from './errors';
import { assertSafeDatabaseRoles } from './role-check';
import { modelPrices, tenants } from './schema';
import { APP_ROLE, withTenant } from './tenant';

/**
 * The isolation boundary, proven per table as the application role: no rows without a tenant,
 * only the tenant's own rows with one, and no way to write into, move into or touch another
 * tenant's rows. `audit_logs`, `chat_messages` and `usage_events` are append-only.
 */
let t: TestDatabase;
let A: string;
let B: string;
let refsB: Refs;

const APPEND_ONLY = new Set(['audit_logs', 'chat_messages', 'usage_events', 'agent_runs', 'agent_failures']);
const TABLES = TENANT_ROW_BUILDERS.map(([table]) => table);
// Platform tables that name a tenant but belong to no tenant: no grant and no policy at all.
const PLATFORM_TABLES = ['mail_outbox'];
// Platform rows (tenant_id NULL) every tenant reads, plus per-tenant rows only that tenant reads;
// written by superadmins only.
const SHARED_READ_TABLES = ['model_prices'];
const ident = (table: string) => sql.raw(`"${table}"`);

beforeAll(async () => {
  t = await startTestDatabase();
  const rows = await t.db
    .insert(tenants)
    .values([
      { name: 'Tenant A', slug: 'iso-a' },
      { name: 'Tenant B', slug: 'iso-b' },
    ])
    .returning({ id: tenants.id });
  A = rows[0]!.id;
  B = rows[1]!.id;
  // As someone who hands out access (seeRestricted), who may write grants on any resource.
  await withTenant({ tenantId: A, seeRestricted: true }, (tx) => insertTenantRows(tx, A));
  refsB = await withTenant({ tenantId: B, seeRestricted: true }, (tx) => insertTenantRows(tx, B));
});

afterAll(async () => {
  await t?.stop();
});

describe('the schema under RLS', () => {
  it('has RLS enabled and forced with the isolation policy on every table that has a tenant_id, each covered here', async () => {
    const rows = await t.db.execute<{ table_name: string; rls: boolean; forced: boolean; policies: string[] }>(sql`
      select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
        coalesce((select array_agg(p.polname::text) from pg_policy p where p.polrelid = c.oid), '{}') as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by 1`);
    expect(rows.map((r) => r.table_name).sort()).toEqual([...TABLES, ...PLATFORM_TABLES, ...SHARED_READ_TABLES].sort());
    for (const row of rows) {
      expect(row, row.table_name).toMatchObject({ rls: true, forced: true });
      if (PLATFORM_TABLES.includes(row.table_name)) expect(row.policies, row.table_name).toEqual([]);
      else if (SHARED_READ_TABLES.includes(row.table_name)) expect(row.policies, row.table_name).toEqual([`${row.table_name}_read`]);
      else expect(row.policies, row.table_name).toContain('tenant_isolation');
    }
  });

  it('grants the application role nothing on platform tables that name a tenant', async () => {
    for (const table of PLATFORM_TABLES) {
      const [row] = await t.db.execute<{ any: boolean }>(
        sql`select has_any_column_privilege(${APP_ROLE}, ${table}, 'SELECT, INSERT, UPDATE, REFERENCES') or has_table_privilege(${APP_ROLE}, ${table}, 'DELETE, TRUNCATE') as any`,
      );
      expect(row?.any, table).toBe(false);
      expect(await sqlState(withTenant({ tenantId: A }, (tx) => tx.execute(sql`select * from ${ident(table)}`))), table).toBe('42501');
    }
  });

  it("shows a tenant the platform's prices and its own, never another tenant's, and lets it change none", async () => {
    const pattern = `iso-model-${Date.now()}*`;
    await t.db.insert(modelPrices).values([
      { tenantId: null, modelPattern: pattern, effectiveFrom: new Date('2026-01-01') },
      { tenantId: A, modelPattern: pattern, inputPerMTokUsd: '1', effectiveFrom: new Date('2026-01-01') },
      { tenantId: B, modelPattern: pattern, inputPerMTokUsd: '2', effectiveFrom: new Date('2026-01-01') },
    ]);
    const seen = await withTenant({ tenantId: A }, (tx) =>
      tx.execute<{ tenant_id: string | null }>(
        sql`select tenant_id from model_prices where model_pattern = ${pattern} order by 1 nulls first`,
      ),
    );
    expect(seen.map((r) => r.tenant_id)).toEqual([null, A]);
    for (const write of [
      sql`insert into model_prices (tenant_id, model_pattern, effective_from) values (${A}, 'mine*', now())`,
      sql`update model_prices set input_per_mtok_usd = 0 where model_pattern = ${pattern}`,
      sql`delete from model_prices where model_pattern = ${pattern}`,
    ]) {
      expect(await sqlState(withTenant({ tenantId: A }, (tx) => tx.execute(write)))).toBe('42501');
    }
  });

  it('runs tenant transactions as a role that is no superuser, has no BYPASSRLS and owns nothing', async () => {
    const [role] = await t.db.execute<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>(sql`
      select rolsuper, rolbypassrls, (select count(*)::int from pg_class where relowner = r.oid) as owned
      from pg_roles r where rolname = ${APP_ROLE}`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
    const [inside] = await withTenant({ tenantId: A }, (tx) =>
      tx.execute<{ who: string; tenant: string }>(sql`select current_user as who, current_setting('app.tenant_id') as tenant`),
    );
    expect(inside).toEqual({ who: APP_ROLE, tenant: A });
    await expect(assertSafeDatabaseRoles(t.db)).resolves.toBeUndefined();
  });

  it('leaves no role or tenant behind on the connection after a tenant transaction', async () => {
    await withTenant({ tenantId: A }, (tx) => tx.execute(sql`select 1`));
    const [after] = await t.db.execute<{ who: string; tenant: string | null }>(
      sql`select current_user as who, nullif(current_setting('app.tenant_id', true), '') as tenant`,
    );
    expect(after!.who).not.toBe(APP_ROLE);
    expect(after!.tenant).toBeNull();
  });

  it('refuses to start when the application role could bypass RLS or a table is not forced', async () => {
    await t.db.execute(sql.raw(`alter role ${APP_ROLE} bypassrls`));
    try {
      await expect(assertSafeDatabaseRoles(t.db)).rejects.toThrow(/BYPASSRLS/);
    } finally {
      await t.db.execute(sql.raw(`alter role ${APP_ROLE} nobypassrls`));
    }
    await t.db.execute(sql`alter table documents no force row level security`);
    try {
      await expect(assertSafeDatabaseRoles(t.db)).rejects.toThrow(/"documents".*not enabled and forced/);
    } finally {
      await t.db.execute(sql`alter table documents force row level security`);
    }
    await expect(assertSafeDatabaseRoles(t.db)).resolves.toBeUndefined();
  });

  it("reads only its own tenant's settings through app_current_tenant_settings(), and the tenants table not at all", async () => {
    await t.db.execute(
      sql`update tenants set settings = jsonb_build_object('maxFileSizeBytes', case when id = ${A}::uuid then 1000 else 2000 end) where id in (${A}::uuid, ${B}::uuid)`,
    );
    const settingsIn = (tenantId: string) =>
      withTenant(
        { tenantId },
        async (tx) => (await tx.execute<{ s: { maxFileSizeBytes: number } | null }>(sql`select app_current_tenant_settings() as s`))[0]!.s,
      );
    expect(await settingsIn(A)).toEqual({ maxFileSizeBytes: 1000 });
    expect(await settingsIn(B)).toEqual({ maxFileSizeBytes: 2000 });
    expect(await settingsIn('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await sqlState(withTenant({ tenantId: A }, (tx) => tx.execute(sql`select settings from tenants`)))).toBe('42501');
  });

  it('rejects a tenant scope that is not a uuid before touching the database', async () => {
    await expect(withTenant({ tenantId: "x' or 1=1 --" }, async () => 1)).rejects.toThrow();
  });
});

describe.each(TABLES)('table %s', (table) => {
  const count = (where = sql``) => sql`select count(*)::int as n from ${ident(table)} ${where}`;

  it('shows no rows without a tenant context', async () => {
    const [row] = await t.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      return tx.execute<{ n: number }>(count());
    });
    expect(row!.n).toBe(0);
  });

  it("shows only the tenant's own rows, while the other tenant's rows exist", async () => {
    const [own] = await withTenant({ tenantId: A }, (tx) =>
      tx.execute<{ n: number; foreign: number }>(
        sql`select count(*)::int as n, count(*) filter (where tenant_id <> ${A})::int as foreign from ${ident(table)}`,
      ),
    );
    expect(own!.n).toBeGreaterThan(0);
    expect(own!.foreign).toBe(0);
    const [other] = await t.db.execute<{ n: number }>(count(sql`where tenant_id = ${B}`));
    expect(other!.n).toBeGreaterThan(0);
  });

  it('refuses to insert a row into another tenant', async () => {
    const build = TENANT_ROW_BUILDERS.find(([name]) => name === table)![1];
    expect(await sqlState(withTenant({ tenantId: A }, (tx) => build(tx, B, refsB)))).toBe('42501');
  });

  it('refuses to move a row into another tenant', async () => {
    const code = await sqlState(
      // Every own row in reach (seeRestricted: grant levels do not hide any), so only the tenant policy refuses.
      withTenant({ tenantId: A, seeRestricted: true }, (tx) =>
        tx.execute(sql`update ${ident(table)} set tenant_id = ${B} where tenant_id = ${A}`),
      ),
    );
    expect(code).toBe('42501');
  });

  if (APPEND_ONLY.has(table)) {
    it('is append-only: UPDATE and DELETE are refused even on the own tenant', async () => {
      expect(await sqlState(withTenant({ tenantId: A }, (tx) => tx.execute(sql`update ${ident(table)} set created_at = now()`)))).toBe(
        '42501',
      );
      expect(await sqlState(withTenant({ tenantId: A }, (tx) => tx.execute(sql`delete from ${ident(table)}`)))).toBe('42501');
    });
  } else {
    it("cannot update or delete another tenant's rows", async () => {
      const before = await t.db.execute<{ n: number }>(count(sql`where tenant_id = ${B}`));
      // Each statement touches no row of B's, or is refused outright where the table grants no such privilege.
      for (const statement of [
        sql`update ${ident(table)} set tenant_id = tenant_id where tenant_id = ${B} returning 1`,
        sql`delete from ${ident(table)} where tenant_id = ${B} returning 1`,
      ]) {
        const outcome = await withTenant({ tenantId: A }, async (tx) => (await tx.execute(statement)).length).catch(
          (error: unknown) => pgErrorCode(error) ?? String(error),
        );
        expect([0, '42501']).toContain(outcome);
      }
      const after = await t.db.execute<{ n: number }>(count(sql`where tenant_id = ${B}`));
      expect(after[0]!.n).toBe(before[0]!.n);
    });
  }
});
