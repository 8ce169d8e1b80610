import { sql } from 'drizzle-orm';
import { runInTenant } from '@/server/auth/boundary';
import { hashPassword } from '@/server/auth/password';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import type { Db } from '@/db/client';
import { eq } from 'drizzle-orm';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { collections, PERMISSIONS, systemAdmins, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';

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
  const [row] = await db.execute<{ n: number }>(sql`select (select count(*) from tenants) + (select count(*) from system_admins) as n`);
  return Number(row?.n ?? 0) === 0;
}

/** True while the demo superadmin exists: its password is public, so start-up warns. */
export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: systemAdmins.id }).from(systemAdmins).where(eq(systemAdmins.email, SUPERADMIN_EMAIL)).limit(1);
  return Boolean(row);
}

/**
 * The demo: a superadmin, two tenants, a user of each built-in role in each, all with a public
 * password. Only in the embedded database (a local trial) or when the operator asks for it with
 * SEED_DEMO=1; an external database is otherwise someone's real installation.
 */
export async function seedDemo(db: Db, options: { embedded: boolean }): Promise<void> {
  if (!options.embedded && process.env.SEED_DEMO !== '1') {
    throw new Error(
      'Refusing to create the demo accounts (public password) in an external database. Set SEED_DEMO=1 if that is really wanted.',
    );
  }
  const hashed = await hashPassword(demoPassword());
  await db.insert(systemAdmins).values({ email: SUPERADMIN_EMAIL, hashedPassword: hashed, fullName: 'Demo Superadmin', immutable: true });
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
    const [general] = await withTenant(
      { tenantId: tenant.id },
      (tx) =>
        tx
          .insert(collections)
          .values({ tenantId: tenant.id, name: 'General', description: 'Documents everyone in the workspace can read' })
          .returning(),
      db,
    );
    const [admin] = await withTenant(
      { tenantId: tenant.id },
      (tx) =>
        tx
          .select()
          .from(users)
          .where(eq(users.email, `admin@${t.slug}.test`)),
      db,
    );
    // A few documents, so chat has something to answer from; the worker processes them at start.
    for (const doc of DEMO_DOCUMENTS[t.slug as keyof typeof DEMO_DOCUMENTS]) {
      const scope = {
        tenantId: tenant.id,
        tenantSlug: t.slug,
        userId: admin!.id,
        actor: { type: 'system' as const, id: null, label: 'demo seed' },
        permissions: [...PERMISSIONS],
      };
      await runInTenant(
        scope,
        { rootDb: db, meta: { ip: null, userAgent: null, correlationId: null }, action: 'seed', mutation: false },
        (ctx) =>
          uploadDocument(
            ctx,
            { allowedFileTypes: ['md'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
            { collectionId: general!.id, filename: doc.filename, bytes: new TextEncoder().encode(doc.text), onDuplicate: 'skip' },
          ),
      );
    }
  }
}

/** Small, self-contained demo documents: answers to the questions a newcomer will try. */
const DEMO_DOCUMENTS = {
  acme: [
    {
      filename: 'acme-pricing.md',
      text: `# Acme plans and pricing

## Starter
The Starter plan costs 12 euros per user per month. It includes email support and five projects.

## Enterprise
The Enterprise plan costs 90 euros per user per month. It adds single sign-on, audit logs and a dedicated account manager.

## Billing
Annual billing saves two months on every plan. Invoices are sent on the first working day of each month.
`,
    },
    {
      filename: 'acme-support-policy.md',
      text: `# Acme support policy

Support is available Monday to Friday from 9:00 to 17:00 Lisbon time.

Critical incidents on the Enterprise plan get a first response within one hour, at any time.

Security vulnerabilities can be reported to security@acme.test and are acknowledged within one working day.
`,
    },
  ],
  globex: [
    {
      filename: 'globex-travel-policy.md',
      text: `# Globex travel policy

Employees book travel through the travel desk at least 14 days in advance.

Economy class is the default for flights under six hours. Business class needs approval from a director.

The daily meal allowance is 45 dollars in the United States and 40 euros in Europe.
`,
    },
  ],
} as const;
