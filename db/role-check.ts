import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { APP_ROLE } from './tenant';

export class UnsafeDatabaseRoleError extends Error {
  override name = 'UnsafeDatabaseRoleError';
}

type RoleRow = {
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcanlogin: boolean;
  owned: number;
  member: boolean;
  [key: string]: unknown;
};

type TableRow = { table_name: string; rls: boolean; forced: boolean; [key: string]: unknown };

/**
 * Refuses to run when tenant isolation could be bypassed: the application role must not be a
 * superuser, have BYPASSRLS or own tables (owners skip unforced RLS), and every table with a
 * tenant_id must have RLS enabled and forced. Called at start-up, after migrations.
 */
export async function assertSafeDatabaseRoles(db: Db): Promise<void> {
  const roles = await db.execute<RoleRow>(sql`
    select r.rolsuper, r.rolbypassrls, r.rolcanlogin,
      (select count(*)::int from pg_class c where c.relowner = r.oid) as owned,
      pg_has_role(current_user, r.oid, 'MEMBER') as member
    from pg_roles r where r.rolname = ${APP_ROLE}`);
  const role = roles[0];
  const problems: string[] = [];
  if (!role) {
    problems.push(`the application role "${APP_ROLE}" does not exist (migrations did not run?)`);
  } else {
    if (role.rolsuper) problems.push(`"${APP_ROLE}" is a superuser`);
    if (role.rolbypassrls) problems.push(`"${APP_ROLE}" has BYPASSRLS`);
    if (role.owned > 0) problems.push(`"${APP_ROLE}" owns ${role.owned} relation(s)`);
    if (!role.member) problems.push(`the connecting role is not a member of "${APP_ROLE}" and cannot switch to it`);
  }
  const tables = await db.execute<TableRow>(sql`
    select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`);
  for (const t of tables) {
    if (!t.rls || !t.forced) problems.push(`table "${t.table_name}" has a tenant_id but RLS is not enabled and forced`);
  }
  if (problems.length > 0) {
    throw new UnsafeDatabaseRoleError(
      `Refusing to start: tenant isolation could be bypassed because ${problems.join('; ')}. ` +
        'See README.md, "How tenancy is enforced".',
    );
  }
}
