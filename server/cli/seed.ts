import { sql } from 'drizzle-orm';
import { runInTenant } from '@/server/auth/boundary';
import { hashPassword } from '@/server/auth/password';
import { createActiveUser, createTenant } from '@/server/tenants/create';
import type { Db } from '@/db/client';
import { eq } from 'drizzle-orm';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { createCase, createDataset } from '@/server/evals/datasets';
import type { TenantServiceContext } from '@/server/auth/types';
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
          .values({ tenantId: tenant.id, name: 'General', description: 'Documents everyone in the workspace can read', isDefault: true })
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
    const scope = {
      tenantId: tenant.id,
      tenantSlug: t.slug,
      userId: admin!.id,
      actor: { type: 'system' as const, id: null, label: 'demo seed' },
      permissions: [...PERMISSIONS],
    };
    const asSeed = <T>(fn: (ctx: TenantServiceContext) => Promise<T>) =>
      runInTenant(scope, { rootDb: db, meta: { ip: null, userAgent: null, correlationId: null }, action: 'seed', mutation: false }, fn);
    // A few documents, so chat has something to answer from; the worker processes them at start.
    const documentIds = new Map<string, string>();
    for (const doc of DEMO_DOCUMENTS[t.slug as keyof typeof DEMO_DOCUMENTS]) {
      const uploaded = await asSeed((ctx) =>
        uploadDocument(
          ctx,
          { allowedFileTypes: ['md'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
          { collectionId: general!.id, filename: doc.filename, bytes: new TextEncoder().encode(doc.text), onDuplicate: 'skip' },
        ),
      );
      if (uploaded.status === 'created') documentIds.set(doc.filename, uploaded.documentId);
    }
    // A small evaluation dataset about those documents, so the Evaluations page has something to run.
    const demoDataset = DEMO_DATASETS[t.slug];
    if (demoDataset) {
      await asSeed(async (ctx) => {
        const dataset = await createDataset(ctx, { name: demoDataset.name, description: demoDataset.description });
        for (const c of demoDataset.cases) {
          await createCase(ctx, {
            datasetId: dataset.id,
            question: c.question,
            expectedAnswer: c.expectedAnswer ?? null,
            keyFacts: c.keyFacts,
            documents: c.documents.map((filename) => ({ documentId: documentIds.get(filename)! })),
          });
        }
      });
    }
  }
}

/**
 * The demo evaluation datasets: questions the demo documents answer, with the facts a right answer
 * holds and the document that holds them, plus one the documents cannot answer (abstaining passes).
 */
type DemoDataset = {
  name: string;
  description: string;
  cases: Array<{ question: string; expectedAnswer?: string; keyFacts: string[]; documents: string[] }>;
};

const DEMO_DATASETS: Record<(typeof DEMO_TENANTS)[number]['slug'], DemoDataset> = {
  acme: {
    name: 'Acme basics',
    description: 'Pricing and support questions customers ask most, answered from the pricing page and the support policy.',
    cases: [
      {
        question: 'How much does the Enterprise plan cost?',
        expectedAnswer: 'The Enterprise plan costs 90 euros per user per month.',
        keyFacts: ['90 euros'],
        documents: ['acme-pricing.md'],
      },
      { question: 'What does the Starter plan include?', keyFacts: ['email support', 'five projects'], documents: ['acme-pricing.md'] },
      { question: 'How much does annual billing save?', keyFacts: ['two months'], documents: ['acme-pricing.md'] },
      {
        question: 'When is support available?',
        expectedAnswer: 'Monday to Friday from 9:00 to 17:00 Lisbon time.',
        keyFacts: ['Monday to Friday', '17:00'],
        documents: ['acme-support-policy.md'],
      },
      {
        question: 'How fast do critical incidents on the Enterprise plan get a response?',
        keyFacts: ['within one hour'],
        documents: ['acme-support-policy.md'],
      },
      { question: 'Where do I report a security vulnerability?', keyFacts: ['security@acme.test'], documents: ['acme-support-policy.md'] },
      { question: 'Which database engine does the Acme mobile app use offline?', keyFacts: [], documents: [] },
    ],
  },
  globex: {
    name: 'Travel policy',
    description: 'What employees ask the travel desk.',
    cases: [
      { question: 'How far in advance must travel be booked?', keyFacts: ['14 days'], documents: ['globex-travel-policy.md'] },
      { question: 'Who approves business class flights?', keyFacts: ['director'], documents: ['globex-travel-policy.md'] },
      { question: 'What is the daily meal allowance in Europe?', keyFacts: ['40 euros'], documents: ['globex-travel-policy.md'] },
    ],
  },
};

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
