import { sql } from 'drizzle-orm';
import { hashPassword } from '@/server/auth/password';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import type { Db } from './client';
import { collections, systemAdmins } from './schema';
import { withTenant } from './tenant';

export const DEMO_TENANTS = [
  { slug: 'acme', name: 'Acme Corporation', plan: 'pro' as const },
  { slug: 'globex', name: 'Globex Industries', plan: 'enterprise' as const },
];
export const DEMO_ROLES = ['admin', 'editor', 'viewer'] as const;
export const SUPERADMIN_EMAIL = 'superadmin@demo.local';

export function demoPassword(): string {
  return process.env.DEMO_PASSWORD || 'demo-password-1';
}

/** True when nothing has been created yet: the only state in which the demo is seeded. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.execute<{ n: number }>(
    sql`select (select count(*) from tenants) + (select count(*) from system_admins) as n`,
  );
  return Number(row?.n ?? 0) === 0;
}

/** The demo: a superadmin, two tenants, a user of each built-in role in each. */
export async function seedDemo(db: Db): Promise<void> {
  const hashed = await hashPassword(demoPassword());
  await db
    .insert(systemAdmins)
    .values({ email: SUPERADMIN_EMAIL, hashedPassword: hashed, fullName: 'Demo Superadmin', immutable: true });
  for (const t of DEMO_TENANTS) {
    const { tenant, roleIds } = await createTenant(db, t);
    for (const role of DEMO_ROLES) {
      await createActiveUser(db, {
        tenantId: tenant.id,
        email: `${role}@${t.slug}.test`,
        fullName: `${t.name.split(' ')[0]} ${role[0]!.toUpperCase()}${role.slice(1)}`,
        hashedPassword: hashed,
        roleIds: [roleIds[role]],
      });
    }
    await withTenant({ tenantId: tenant.id }, (tx) =>
      tx.insert(collections).values({
        tenantId: tenant.id,
        name: 'General',
        description: 'Documents everyone in the workspace can read',
      }),
      db,
    );
  }
}
