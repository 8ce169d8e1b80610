import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture } from '@/test/fixtures';
import { pseudonymisedHashMatches } from './hash';
import { writeAudit } from './write';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

describe('writeAudit', () => {
  it('chains each entry to the previous one of the same tenant, also under concurrent writers', async () => {
    const f = await createTenantFixture(t.db);
    const other = await createTenantFixture(t.db);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withTenant({ tenantId: i % 3 === 0 ? other.tenant.id : f.tenant.id }, (tx) =>
          writeAudit(tx, {
            tenantId: i % 3 === 0 ? other.tenant.id : f.tenant.id,
            actorType: 'system',
            action: 'test.write',
            status: 'success',
            payload: { i, secret: 'hide-me' },
          }),
        ),
      ),
    );
    const rows = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.select().from(auditLogs).where(eq(auditLogs.tenantId, f.tenant.id)).orderBy(asc(auditLogs.seq)),
    );
    expect(rows).toHaveLength(8);
    let prev: string | null = null;
    for (const row of rows) {
      expect(row.prevHash).toBe(prev);
      expect(row.payload).toMatchObject({ secret: '[redacted]' });
      const matches = pseudonymisedHashMatches(row.hash, prev, {
        tenantId: row.tenantId,
        actorId: row.actorId,
        actorType: row.actorType,
        actorLabel: row.actorLabel,
        action: row.action,
        resourceType: row.resourceType,
        resourceId: row.resourceId,
        status: row.status,
        ipAddress: row.ipAddress,
        userAgent: row.userAgent,
        correlationId: row.correlationId,
        payload: row.payload,
        createdAt: row.createdAt,
        actorPseudonym: row.actorPseudonym,
        personalDigest: row.personalDigest,
        personalErased: false,
      });
      expect(matches).toBe(true);
      prev = row.hash;
    }
  });

  it('rolls back with the transaction it belongs to', async () => {
    const f = await createTenantFixture(t.db);
    await expect(
      withTenant({ tenantId: f.tenant.id }, async (tx) => {
        await writeAudit(tx, { tenantId: f.tenant.id, actorType: 'system', action: 'test.rollback', status: 'success' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.select().from(auditLogs).where(eq(auditLogs.action, 'test.rollback')),
    );
    expect(rows).toHaveLength(0);
  });
});
