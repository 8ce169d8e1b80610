import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditLogs, tenants, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { apiKeyCaller, asUser, callerFor, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

const admin = (f: Fixture = a) => callerFor(t.db, asUser(f, 'admin'));

describe('apiKeys', () => {
  it('creates a key shown once and stored hashed, which then acts in its tenant with its scopes', async () => {
    const { key, apiKey } = await admin().apiKeys.create({ name: 'CI bot', scopes: ['audit:read', 'usage:read'], expiresInDays: 30 });
    expect(key).toMatch(new RegExp(`^ao_${apiKey.prefix}_`));
    expect(apiKey).toMatchObject({
      name: 'CI bot',
      scopes: ['usage:read', 'audit:read'],
      status: 'active',
      createdByEmail: a.users.admin.email,
    });
    const [stored] = await withTenant({ tenantId: a.tenant.id }, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id)));
    // The secret is everything after the prefix; base64url may itself contain '_'.
    const secret = key.slice(key.indexOf('_', 3) + 1);
    expect(secret).toHaveLength(43);
    expect(stored!.hashedKey).not.toContain(secret);
    const list = await admin().apiKeys.list({ includeRevoked: false, page: 1, pageSize: 20 });
    expect(JSON.stringify(list)).not.toContain(key);

    const bot = apiKeyCaller(t.db, key);
    await expect(bot.session.get()).resolves.toMatchObject({
      kind: 'api_key',
      tenantId: a.tenant.id,
      permissions: ['usage:read', 'audit:read'],
    });
    const entries = await bot.audit.list({ page: 1, pageSize: 5 });
    expect(entries.items[0]).toMatchObject({ action: 'api_key.use', actorType: 'api_key', status: 'success' });
    expect(await trpcCode(bot.users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
    const [used] = await withTenant({ tenantId: a.tenant.id }, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id)));
    expect(used!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('is refused (401) once revoked, expired, its tenant suspended or its creator deactivated, and audits each use', async () => {
    const f = await createTenantFixture(t.db);
    const make = async () => (await admin(f).apiKeys.create({ name: 'k', scopes: ['usage:read'], expiresInDays: 'never' })).key;

    const revoked = await make();
    await expect(apiKeyCaller(t.db, revoked).session.get()).resolves.toMatchObject({ kind: 'api_key' });
    const id = (await admin(f).apiKeys.list({ includeRevoked: false, page: 1, pageSize: 20 })).items[0]!.id;
    await admin(f).apiKeys.revoke({ id });
    expect(await trpcCode(apiKeyCaller(t.db, revoked).session.get())).toBe('UNAUTHORIZED');
    const [denied] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'api_key.use'), eq(auditLogs.status, 'denied')))
        .orderBy(desc(auditLogs.seq)),
    );
    expect(denied!.payload).toMatchObject({ reason: 'revoked' });

    const expired = await make();
    await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx
        .update(apiKeys)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(apiKeys.prefix, expired.split('_')[1]!)),
    );
    expect(await trpcCode(apiKeyCaller(t.db, expired).session.get())).toBe('UNAUTHORIZED');

    const orphan = await make();
    await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.update(users).set({ status: 'deactivated' }).where(eq(users.id, f.users.admin.id)),
    );
    expect(await trpcCode(apiKeyCaller(t.db, orphan).session.get())).toBe('UNAUTHORIZED');
    await withTenant({ tenantId: f.tenant.id }, (tx) => tx.update(users).set({ status: 'active' }).where(eq(users.id, f.users.admin.id)));

    const suspended = await make();
    await t.db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, f.tenant.id));
    expect(await trpcCode(apiKeyCaller(t.db, suspended).session.get())).toBe('UNAUTHORIZED');
    await t.db.update(tenants).set({ status: 'active' }).where(eq(tenants.id, f.tenant.id));
    await expect(apiKeyCaller(t.db, suspended).session.get()).resolves.toMatchObject({ kind: 'api_key' });

    expect(await trpcCode(apiKeyCaller(t.db, 'ao_aaaaaaaaaa_' + 'x'.repeat(43)).session.get())).toBe('UNAUTHORIZED');
    expect(await trpcCode(apiKeyCaller(t.db, 'garbage').session.get())).toBe('UNAUTHORIZED');
  });

  it('never grants more than the creator holds, now or later', async () => {
    const f = await createTenantFixture(t.db);
    const manager = await admin(f).roles.create({ name: 'key managers', description: '', permissions: ['api_keys:manage', 'usage:read'] });
    await admin(f).users.update({ id: f.users.viewer.id, roleIds: [f.roleIds.viewer, manager.id] });
    const viewer = callerFor(t.db, asUser(f, 'viewer'));
    const error = await viewer.apiKeys.create({ name: 'x', scopes: ['users:manage'], expiresInDays: 7 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    const { key } = await viewer.apiKeys.create({ name: 'mine', scopes: ['usage:read', 'documents:read'], expiresInDays: 7 });
    await expect(apiKeyCaller(t.db, key).session.get()).resolves.toMatchObject({ permissions: ['documents:read', 'usage:read'] });
    // The creator loses documents:read: so does the key, on its next request.
    await admin(f).users.update({ id: f.users.viewer.id, roleIds: [manager.id] });
    await expect(apiKeyCaller(t.db, key).session.get()).resolves.toMatchObject({ permissions: ['usage:read'] });
  });

  it('expires after 90 days unless "never" is chosen explicitly, which is audited as such', async () => {
    const DAY = 24 * 3600 * 1000;
    const before = Date.now();
    const { apiKey } = await admin().apiKeys.create({ name: 'default expiry', scopes: ['usage:read'] });
    const after = Date.now();
    expect(apiKey.expiresAt).toBeInstanceOf(Date);
    expect(apiKey.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(apiKey.expiresAt!.getTime()).toBeLessThanOrEqual(after + 90 * DAY);

    const forever = await admin().apiKeys.create({ name: 'forever', scopes: ['usage:read'], expiresInDays: 'never' });
    expect(forever.apiKey).toMatchObject({ expiresAt: null, status: 'active' });
    const [entry] = await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'api_key.create'), eq(auditLogs.resourceId, forever.apiKey.id))),
    );
    expect(entry!.payload).toMatchObject({ expiresAt: 'never' });

    // "No expiry" is not a value one can send by accident.
    const error = await admin()
      // @ts-expect-error null is no longer a way to say "never"
      .apiKeys.create({ name: 'x', scopes: ['usage:read'], expiresInDays: null })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Choose 1 to 365 days') });
  });

  it('validates input and keeps tenants apart', async () => {
    expect(await trpcCode(admin().apiKeys.create({ name: '', scopes: ['usage:read'], expiresInDays: 7 }))).toBe('BAD_REQUEST');
    expect(await trpcCode(admin().apiKeys.create({ name: 'x', scopes: [], expiresInDays: 7 }))).toBe('BAD_REQUEST');
    expect(await trpcCode(admin().apiKeys.create({ name: 'x', scopes: ['usage:read'], expiresInDays: 9999 }))).toBe('BAD_REQUEST');
    const { apiKey } = await admin(b).apiKeys.create({ name: 'b key', scopes: ['usage:read'], expiresInDays: 7 });
    expect(await trpcCode(admin().apiKeys.revoke({ id: apiKey.id }))).toBe('NOT_FOUND');
    const mine = await admin().apiKeys.list({ includeRevoked: true, page: 1, pageSize: 100 });
    expect(mine.items.map((k) => k.id)).not.toContain(apiKey.id);
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).apiKeys.list({ includeRevoked: false, page: 1, pageSize: 20 }))).toBe(
      'FORBIDDEN',
    );
  });
});
