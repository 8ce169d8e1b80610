import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createSuperadmin, createTenantFixture, trpcCode, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  // Some history in both tenants.
  await callerFor(t.db, asUser(a, 'admin')).roles.create({ name: 'r1', description: '', permissions: ['chat:use'] });
  await callerFor(t.db, asUser(a, 'admin')).users.update({ id: a.users.viewer.id, fullName: 'Vee' });
  await callerFor(t.db, asUser(a, 'editor'))
    .users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 5 })
    .catch(() => null);
  await callerFor(t.db, asUser(b, 'admin')).roles.create({ name: 'secret-b-role', description: '', permissions: ['chat:use'] });
});
afterAll(async () => {
  await t?.stop();
});

const admin = () => callerFor(t.db, asUser(a, 'admin'));

describe('audit', () => {
  it('lists the tenant’s own entries newest first, with filters, and none of the other tenant’s', async () => {
    const all = await admin().audit.list({ page: 1, pageSize: 50 });
    expect(all.items.map((e) => e.action)).toEqual(expect.arrayContaining(['role.create', 'user.update', 'users.list']));
    expect(JSON.stringify(all)).not.toContain('secret-b-role');
    const seqs = all.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    const denied = await admin().audit.list({ status: 'denied', page: 1, pageSize: 50 });
    expect(denied.items.length).toBeGreaterThan(0);
    expect(denied.items.every((e) => e.status === 'denied')).toBe(true);
    expect(denied.items[0]).toMatchObject({ actorId: a.users.editor.id, payload: { missingPermission: 'users:manage' } });
    const byActor = await admin().audit.list({ actor: a.users.admin.email, action: 'role', page: 1, pageSize: 50 });
    expect(byActor.items.map((e) => e.action)).toEqual(['role.create']);
    const byType = await admin().audit.list({ resourceType: 'user', page: 1, pageSize: 50 });
    expect(byType.items.every((e) => e.resourceType === 'user')).toBe(true);
    const future = await admin().audit.list({ from: new Date(Date.now() + 3600_000), page: 1, pageSize: 50 });
    expect(future.total).toBe(0);
    expect(await trpcCode(admin().audit.list({ from: new Date(), to: new Date(Date.now() - 1000), page: 1, pageSize: 50 }))).toBe(
      'BAD_REQUEST',
    );
    const facets = await admin().audit.facets();
    expect(facets.actions).toContain('role.create');
    expect(facets.actions).not.toContain('secret-b-role');
  });

  it('exports the filtered set as CSV with formula cells neutralised', async () => {
    await admin().users.update({ id: a.users.editor.id, fullName: '=HYPERLINK("http://evil")' });
    const out = await admin().audit.export({ action: 'user.update' });
    expect(out.filename).toMatch(new RegExp(`^audit-${a.tenant.slug}-.*\\.csv$`));
    const lines = out.csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'time,actor_type,actor,actor_id,action,resource_type,resource_id,status,ip_address,user_agent,correlation_id,payload',
    );
    expect(lines).toHaveLength(out.rows + 1);
    expect(lines.slice(1).every((l) => l.includes(',user.update,'))).toBe(true);
    expect(out.truncated).toBe(false);
  });

  it('verifies the chain, and finds the first entry where someone rewrote history', async () => {
    await expect(admin().audit.verify()).resolves.toMatchObject({ intact: true });
    const { checked } = (await admin().audit.verify()) as { checked: number };
    expect(checked).toBeGreaterThanOrEqual(3);
    // Only the database owner can do this (the app role has no UPDATE on audit_logs): simulate an attacker with it.
    const [victim] = await t.db.execute<{ id: string; seq: number }>(
      sql`select id, seq from audit_logs where tenant_id = ${a.tenant.id} and action = 'user.update' order by seq limit 1`,
    );
    await t.db.execute(sql`update audit_logs set payload = '{"fullName":"Innocent"}' where id = ${victim!.id}`);
    const result = await admin().audit.verify();
    expect(result).toMatchObject({ intact: false, brokenAt: { id: victim!.id, seq: Number(victim!.seq), action: 'user.update' } });
    await expect(callerFor(t.db, asUser(b, 'admin')).audit.verify()).resolves.toMatchObject({ intact: true });
  });

  it('is for audit:read holders only; the global chain is for superadmins only', async () => {
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).audit.list({ page: 1, pageSize: 5 }))).toBe('FORBIDDEN');
    expect(await trpcCode(admin().audit.listGlobal({ page: 1, pageSize: 5 }))).toBe('FORBIDDEN');
    const { claims } = await createSuperadmin(t.db);
    const su = callerFor(t.db, claims);
    await su.tenants.suspend({ id: b.tenant.id });
    const global = await su.audit.listGlobal({ action: 'tenant.suspend', page: 1, pageSize: 5 });
    expect(global.items[0]).toMatchObject({ action: 'tenant.suspend', resourceId: b.tenant.id, actorType: 'superadmin' });
    await expect(su.audit.verifyGlobal()).resolves.toMatchObject({ intact: true });
    expect((await su.audit.exportGlobal({})).csv).toContain('tenant.suspend');
    expect(await trpcCode(callerFor(t.db, asUser(b, 'admin')).audit.list({ page: 1, pageSize: 5 }))).toBe('UNAUTHORIZED');
  });
});
