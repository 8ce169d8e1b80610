import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '@/db/schema';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, type Fixture } from '@/test/fixtures';
import { chainHash, legacyChainHash, type HashedFields } from './hash';
import { AUDIT_LIMITS, sealLegacyAuditChains, writeAudit } from './write';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const admin = (f: Fixture) => callerFor(t.db, asUser(f, 'admin'));

/** Some entries in the tenant's chain, written as the app writes them. */
async function someEntries(f: Fixture) {
  for (const name of ['One', 'Two', 'Three']) await admin(f).users.update({ id: f.users.editor.id, fullName: `Editor ${name}` });
}

/**
 * What someone with write access to the table (and not the server's key) can do: change an
 * entry, then recompute every hash from there with `hash`, so each link matches again.
 */
async function rewriteChain(
  tenantId: string,
  hash: (prev: string | null, fields: HashedFields) => string,
  edit?: (seq: number) => boolean,
) {
  const rows = await t.db.select().from(auditLogs).where(eq(auditLogs.tenantId, tenantId)).orderBy(asc(auditLogs.seq));
  let prev: string | null = null;
  for (const row of rows) {
    const payload = edit?.(row.seq) ? { fullName: 'Innocent' } : row.payload;
    const next = hash(prev, {
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
      payload,
      createdAt: row.createdAt,
    });
    await t.db.update(auditLogs).set({ payload, prevHash: prev, hash: next }).where(eq(auditLogs.id, row.id));
    prev = next;
  }
  return rows;
}

describe('the audit hash chain is keyed', () => {
  it('fails verification when history is rewritten with the unkeyed algorithm, and passes only with the server’s key', async () => {
    const f = await createTenantFixture(t.db);
    await someEntries(f);
    await expect(admin(f).audit.verify()).resolves.toMatchObject({ intact: true, unkeyed: 0 });
    const head = await admin(f).audit.head();
    expect(head!.hash).toMatch(/^h3\.\d+\.[0-9a-f]{64}$/);

    const rows = await t.db.select().from(auditLogs).where(eq(auditLogs.tenantId, f.tenant.id)).orderBy(asc(auditLogs.seq));
    const victim = rows.find((r) => r.action === 'user.update')!;
    // The attacker's rewrite: the old algorithm, every link consistent.
    await rewriteChain(f.tenant.id, legacyChainHash, (seq) => seq === victim.seq);
    const forged = await admin(f).audit.verify();
    expect(forged).toMatchObject({ intact: false });
    // The same rewrite with the key (which only the server has) would pass: the key is what protects the chain.
    await rewriteChain(f.tenant.id, chainHash);
    await expect(admin(f).audit.verify()).resolves.toMatchObject({ intact: true });

    // Nor can an entry be appended in the old format after keyed ones.
    const last = await admin(f).audit.head();
    const fields = {
      tenantId: f.tenant.id,
      actorId: null,
      actorType: 'system' as const,
      actorLabel: null,
      action: 'forged.entry',
      resourceType: null,
      resourceId: null,
      status: 'success' as const,
      ipAddress: null,
      userAgent: null,
      correlationId: null,
      payload: {},
      createdAt: new Date(),
    } satisfies HashedFields;
    await t.db.insert(auditLogs).values({ ...fields, prevHash: last!.hash, hash: legacyChainHash(last!.hash, fields) });
    await expect(admin(f).audit.verify()).resolves.toMatchObject({
      intact: false,
      reason: 'unkeyed',
      brokenAt: { action: 'forged.entry' },
    });
  });

  it('accepts entries written before keyed hashes once a keyed entry seals them, and refuses them after it', async () => {
    const f = await createTenantFixture(t.db);
    await someEntries(f);
    // The chain as an earlier version wrote it: every hash unkeyed.
    const rows = await rewriteChain(f.tenant.id, legacyChainHash);
    await expect(admin(f).audit.verify()).resolves.toMatchObject({ intact: false, reason: 'unsealed' });

    expect(await sealLegacyAuditChains(t.db)).toBeGreaterThanOrEqual(1);
    const verified = await admin(f).audit.verify();
    expect(verified).toMatchObject({ intact: true, unkeyed: rows.length });
    const [seal] = await t.db
      .select()
      .from(auditLogs)
      .where(sql`${auditLogs.tenantId} = ${f.tenant.id} and ${auditLogs.action} = 'audit.chain_sealed'`);
    expect(seal).toMatchObject({ actorType: 'system', payload: { unkeyedEntries: rows.length } });
    // Sealed chains are left alone.
    await sealLegacyAuditChains(t.db);
    const seals = await t.db
      .select()
      .from(auditLogs)
      .where(sql`${auditLogs.tenantId} = ${f.tenant.id} and ${auditLogs.action} = 'audit.chain_sealed'`);
    expect(seals).toHaveLength(1);

    // Tampering with a sealed unkeyed entry, recomputed unkeyed up to the seal, breaks the seal.
    await t.db
      .update(auditLogs)
      .set({ payload: { fullName: 'Innocent' } })
      .where(eq(auditLogs.id, rows[1]!.id));
    await expect(admin(f).audit.verify()).resolves.toMatchObject({ intact: false, reason: 'altered', brokenAt: { id: rows[1]!.id } });
  });

  it('shows the head to note elsewhere, and verifies the chain still holds a noted head', async () => {
    const f = await createTenantFixture(t.db);
    await someEntries(f);
    const head = await admin(f).audit.head();
    expect(head).toMatchObject({ keyed: true });
    expect(head!.head).toBe(`${head!.entries}:${head!.hash}`);
    await admin(f).users.update({ id: f.users.editor.id, fullName: 'Editor Four' });
    await expect(admin(f).audit.verify({ notedHead: head!.head })).resolves.toMatchObject({
      intact: true,
      noted: { found: true, entriesSince: 1 },
    });
    // A head the chain no longer holds: history was cut or rewritten since it was noted.
    const fake = `${head!.entries}:h2.2.${'0'.repeat(64)}`;
    await expect(admin(f).audit.verify({ notedHead: fake })).resolves.toMatchObject({ noted: { found: false, entriesSince: null } });
    await expect(admin(f).audit.verify({ notedHead: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('writeAudit bounds what it stores', () => {
  it('caps the user agent, actor label and payload strings, whoever the caller', async () => {
    const f = await createTenantFixture(t.db);
    const { id } = await t.db.transaction((tx) =>
      writeAudit(tx, {
        tenantId: f.tenant.id,
        actorType: 'user',
        actorLabel: `${'x'.repeat(5000)}@example.test`,
        action: 'auth.sign_in',
        status: 'denied',
        userAgent: 'U'.repeat(10_000),
        ipAddress: '9'.repeat(500),
        payload: { email: 'e'.repeat(50_000), nested: { list: ['l'.repeat(3000), 7] } },
      }),
    );
    const [row] = await t.db.select().from(auditLogs).where(eq(auditLogs.id, id));
    expect(row!.userAgent).toHaveLength(AUDIT_LIMITS.userAgent);
    expect(row!.actorLabel).toHaveLength(AUDIT_LIMITS.actorLabel);
    expect(row!.ipAddress!.length).toBeLessThanOrEqual(AUDIT_LIMITS.ipAddress);
    const payload = row!.payload as { email: string; nested: { list: [string, number] } };
    expect(payload.email).toHaveLength(AUDIT_LIMITS.payloadString);
    expect(payload.email.endsWith('…')).toBe(true);
    expect(payload.nested.list[0]).toHaveLength(AUDIT_LIMITS.payloadString);
    expect(payload.nested.list[1]).toBe(7);
    // What was stored is what was hashed: the chain still verifies.
    await expect(admin(f).audit.verify()).resolves.toMatchObject({ intact: true });
  });
});
