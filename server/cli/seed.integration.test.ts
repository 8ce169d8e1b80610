import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { authenticate } from '@/server/auth/sign-in';
import { JOB_HANDLERS } from '@/server/documents/ingest';
import { Worker } from '@/server/jobs/worker';
import { documents, ragEvalCases, ragEvalDatasets, tenants } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { DEMO_ROLES, DEMO_TENANTS, demoPassword, hasDemoAccounts, isEmpty, seedDemo, SUPERADMIN_EMAIL } from './seed';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const meta = { ip: '127.0.0.9', userAgent: 'vitest', correlationId: null };

describe('seedDemo', () => {
  it('refuses to create the demo accounts in an external database without SEED_DEMO=1, and creates nothing', async () => {
    const before = process.env.SEED_DEMO;
    delete process.env.SEED_DEMO;
    try {
      await expect(seedDemo(t.db, { embedded: false })).rejects.toThrow(/Refusing to create the demo accounts.*SEED_DEMO=1/);
      expect(await isEmpty(t.db)).toBe(true);
      expect(await hasDemoAccounts(t.db)).toBe(false);
    } finally {
      if (before === undefined) delete process.env.SEED_DEMO;
      else process.env.SEED_DEMO = before;
    }
  });

  it('creates the superadmin and a user of each role in acme and globex, who can all sign in', async () => {
    expect(await isEmpty(t.db)).toBe(true);
    await seedDemo(t.db, { embedded: true });
    expect(await isEmpty(t.db)).toBe(false);
    expect(await hasDemoAccounts(t.db)).toBe(true);
    await expect(authenticate(t.db, { email: SUPERADMIN_EMAIL, password: demoPassword() }, meta)).resolves.toMatchObject({
      kind: 'superadmin',
    });
    for (const tenant of DEMO_TENANTS) {
      for (const role of DEMO_ROLES) {
        const principal = await authenticate(
          t.db,
          { workspace: tenant.slug, email: `${role}@${tenant.slug}.test`, password: demoPassword() },
          meta,
        );
        expect(principal).toMatchObject({ kind: 'user', tenantSlug: tenant.slug, tenantName: tenant.name });
        if (principal.kind === 'user') {
          expect(principal.permissions.includes('users:manage')).toBe(role === 'admin');
          expect(principal.permissions.includes('documents:write')).toBe(role !== 'viewer');
          expect(principal.permissions).toContain('chat:use');
        }
      }
    }
  });

  it('adds documents that the worker processes, so chat can answer from them at once', async () => {
    const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
    while (await worker.runOnce()) {
      // drain the seed's ingest jobs
    }
    const acme = await t.db.select().from(tenants).where(eq(tenants.slug, 'acme'));
    const docs = await withTenant({ tenantId: acme[0]!.id, seeRestricted: true }, (tx) => tx.select().from(documents));
    expect(docs.map((d) => [d.filename, d.status])).toEqual(
      expect.arrayContaining([
        ['acme-pricing.md', 'completed'],
        ['acme-support-policy.md', 'completed'],
      ]),
    );
  });

  it('adds a small evaluation dataset whose cases point at the demo documents', async () => {
    const [acme] = await t.db.select().from(tenants).where(eq(tenants.slug, 'acme'));
    const { datasets, cases, docs } = await withTenant({ tenantId: acme!.id }, async (tx) => ({
      datasets: await tx.select().from(ragEvalDatasets),
      cases: await tx.select().from(ragEvalCases),
      docs: await tx.select({ id: documents.id, filename: documents.filename }).from(documents),
    }));
    expect(datasets.map((d) => d.name)).toEqual(['Acme basics']);
    expect(cases).toHaveLength(7);
    expect(datasets[0]!.version).toBe(8);
    const pricing = docs.find((d) => d.filename === 'acme-pricing.md')!.id;
    expect(cases.find((c) => c.question === 'How much does the Enterprise plan cost?')).toMatchObject({
      keyFacts: ['90 euros'],
      expectedDocumentIds: [pricing],
    });
    // One question the documents cannot answer expects nothing: abstaining is right.
    expect(cases.filter((c) => c.keyFacts.length === 0 && c.expectedDocumentIds.length === 0)).toHaveLength(1);
  });
});
