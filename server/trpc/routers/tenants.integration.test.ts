import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, mailOutbox, tenantQuotas, tenants } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { readActingCookie } from '@/server/auth/acting';
import { authenticate, SIGN_IN_MESSAGES } from '@/server/auth/sign-in';
import { getStorage } from '@/server/storage';
import { runPendingPurges } from '@/server/tenants/purge';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { insertTenantRows } from '@/test/tenant-rows';
import { asUser, callerFor, createSuperadmin, createTenantFixture, TEST_PASSWORD, trpcCode, uniqueSlug } from '@/test/fixtures';
import type { SessionClaims } from '@/server/auth/types';

let t: TestDatabase;
let root: SessionClaims;
let rootId: string;
const meta = { ip: '127.0.0.60', userAgent: 'vitest', correlationId: null };

beforeAll(async () => {
  t = await startTestDatabase();
  const s = await createSuperadmin(t.db);
  root = s.claims;
  rootId = s.admin.id;
});
afterAll(async () => {
  await t?.stop();
});

const su = () => callerFor(t.db, root);

describe('tenants (superadmin)', () => {
  it('is refused to tenant users, even admins', async () => {
    const f = await createTenantFixture(t.db);
    const admin = callerFor(t.db, asUser(f, 'admin'));
    expect(await trpcCode(admin.tenants.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
    expect(await trpcCode(admin.tenants.suspend({ id: f.tenant.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(t.db, null).tenants.get({ id: f.tenant.id }))).toBe('UNAUTHORIZED');
  });

  it('creates a tenant whose first admin accepts the invitation and signs in', async () => {
    const slug = uniqueSlug('new');
    const { tenant, invitation } = await su().tenants.create({
      name: '  Initech  ',
      slug,
      plan: 'pro',
      adminEmail: `Boss@${slug}.test`,
      quotas: { maxStorageBytes: 1024 ** 3 },
    });
    expect(tenant).toMatchObject({
      name: 'Initech',
      slug,
      plan: 'pro',
      status: 'active',
      users: 1,
      quotas: { maxStorageBytes: 1024 ** 3 },
    });
    // E-mail is off in tests: the link is shown to the superadmin, and the message waits in the outbox.
    expect(invitation.delivery).toEqual({ to: `boss@${slug}.test`, status: 'held' });
    const token = invitation.url!.split('/').pop()!;
    const [held] = await t.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, `boss@${slug}.test`));
    expect(held).toMatchObject({ tenantId: tenant.id, kind: 'invite', status: 'held' });
    expect(held!.textBody).toContain(invitation.url!);
    await callerFor(t.db, null).auth.redeemToken({ token, password: TEST_PASSWORD, fullName: 'Bill Lumbergh' });
    const principal = await authenticate(t.db, { workspace: slug, email: `boss@${slug}.test`, password: TEST_PASSWORD }, meta);
    expect(principal).toMatchObject({ kind: 'user', tenantSlug: slug, name: 'Bill Lumbergh' });
    if (principal.kind === 'user') expect(principal.permissions).toContain('users:manage');
    const global = await t.db
      .select()
      .from(auditLogs)
      .where(and(isNull(auditLogs.tenantId), eq(auditLogs.action, 'tenant.create')));
    expect(global.some((e) => e.resourceId === tenant.id && e.actorId === rootId)).toBe(true);
  });

  it('refuses an invalid or taken slug and a bad email with field errors', async () => {
    const f = await createTenantFixture(t.db);
    expect(await trpcCode(su().tenants.create({ name: 'X', slug: f.tenant.slug, plan: 'trial', adminEmail: 'a@b.test' }))).toBe('CONFLICT');
    for (const slug of ['-bad', 'Bad Slug', 'a', 'admin', 'x'.repeat(60)]) {
      expect(await trpcCode(su().tenants.create({ name: 'X', slug, plan: 'trial', adminEmail: 'a@b.test' }))).toBe('BAD_REQUEST');
    }
    expect(await trpcCode(su().tenants.create({ name: ' ', slug: uniqueSlug(), plan: 'trial', adminEmail: 'nope' }))).toBe('BAD_REQUEST');
  });

  it('lists with search, status filter, sort and pagination, with per-tenant figures', async () => {
    const f = await createTenantFixture(t.db, uniqueSlug('zzlist'));
    const found = await su().tenants.list({ search: f.tenant.slug, sort: 'name', dir: 'asc', page: 1, pageSize: 20 });
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({ slug: f.tenant.slug, users: 3, documents: 0, storageBytes: 0, tokensThisMonth: 0 });
    for (let i = 0; i < 6; i++) await createTenantFixture(t.db, uniqueSlug('page'));
    const page1 = await su().tenants.list({ sort: 'name', dir: 'asc', page: 1, pageSize: 5 });
    const page2 = await su().tenants.list({ sort: 'name', dir: 'asc', page: 2, pageSize: 5 });
    expect(page1.items).toHaveLength(5);
    expect(page2.items.length).toBeGreaterThan(0);
    expect(page1.total).toBe(page2.total);
    expect(page2.items.filter((x) => page1.items.some((y) => y.id === x.id))).toEqual([]);
    const names = page1.items.map((x) => x.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    await su().tenants.suspend({ id: f.tenant.id });
    const suspended = await su().tenants.list({ status: 'suspended', sort: 'users', dir: 'desc', page: 1, pageSize: 100 });
    expect(suspended.items.every((x) => x.status === 'suspended')).toBe(true);
    expect(suspended.items.map((x) => x.id)).toContain(f.tenant.id);
    expect(await trpcCode(su().tenants.list({ sort: 'created', dir: 'desc', page: 0, pageSize: 20 }))).toBe('BAD_REQUEST');
  });

  it('edits name, plan, quotas and settings', async () => {
    const f = await createTenantFixture(t.db);
    const updated = await su().tenants.update({
      id: f.tenant.id,
      name: 'Renamed',
      plan: 'enterprise',
      quotas: { maxIngestionsPerDay: 3, maxTokensPerDay: null },
      settings: { allowedFileTypes: ['pdf', 'txt'], maxFileSizeBytes: 10 * 1024 * 1024 },
      retentionDays: 90,
    });
    expect(updated).toMatchObject({
      name: 'Renamed',
      plan: 'enterprise',
      retentionDays: 90,
      settings: { allowedFileTypes: ['pdf', 'txt'], maxFileSizeBytes: 10 * 1024 * 1024 },
      quotas: { maxIngestionsPerDay: 3, maxTokensPerDay: null },
    });
    expect(await trpcCode(su().tenants.update({ id: f.tenant.id, quotas: { maxStorageBytes: -1 } }))).toBe('BAD_REQUEST');
    expect(await trpcCode(su().tenants.update({ id: f.tenant.id, settings: { allowedFileTypes: ['exe' as 'pdf'] } }))).toBe('BAD_REQUEST');
    expect(await trpcCode(su().tenants.update({ id: '00000000-0000-4000-8000-000000000000', name: 'x' }))).toBe('NOT_FOUND');
  });

  it('names the maximum file size and retention in the units the form uses, and says what empty means', async () => {
    const f = await createTenantFixture(t.db);
    // A tenant that never set a size reads back without one: the form shows the platform default as a value.
    expect((await su().tenants.get({ id: f.tenant.id })).settings.maxFileSizeBytes).toBeUndefined();
    for (const bytes of [512 * 1024, 2 * 1024 ** 3]) {
      await expect(su().tenants.update({ id: f.tenant.id, settings: { maxFileSizeBytes: bytes } })).rejects.toThrow(
        'The maximum file size must be from 1 MB to 1 GB.',
      );
    }
    await expect(su().tenants.update({ id: f.tenant.id, retentionDays: 0 })).rejects.toThrow(
      'Retention must be at least 1 day, or empty for no limit.',
    );
    // Empty (null) is no limit, for retention as for every quota.
    await expect(
      su().tenants.update({ id: f.tenant.id, retentionDays: null, quotas: { maxStorageBytes: null, maxCostPerMonthUsd: null } }),
    ).resolves.toMatchObject({ retentionDays: null, quotas: { maxStorageBytes: null, maxCostPerMonthUsd: null } });
  });

  it('edits every quota in its unit: storage in bytes, the monthly cost cap, per-user and per-key tokens, the warning threshold', async () => {
    const f = await createTenantFixture(t.db);
    const updated = await su().tenants.update({
      id: f.tenant.id,
      quotas: {
        maxTokensPerDay: 1_000_000,
        maxStorageBytes: 2 * 1024 ** 3,
        maxCostPerMonthUsd: 250.5,
        maxTokensPerUserPerDay: 100_000,
        maxTokensPerApiKeyPerDay: 50_000,
        softThresholdPercent: 90,
      },
    });
    expect(updated.quotas).toMatchObject({
      maxTokensPerDay: 1_000_000,
      maxStorageBytes: 2_147_483_648,
      maxCostPerMonthUsd: 250.5,
      maxTokensPerUserPerDay: 100_000,
      maxTokensPerApiKeyPerDay: 50_000,
      softThresholdPercent: 90,
    });
    const [row] = await t.db.select().from(tenantQuotas).where(eq(tenantQuotas.tenantId, f.tenant.id));
    expect(row).toMatchObject({ maxCostPerMonthUsd: '250.50', maxTokensPerUserPerDay: 100_000, softThresholdPercent: 90 });

    // Empty means no limit: null clears each one and leaves the others.
    const cleared = await su().tenants.update({ id: f.tenant.id, quotas: { maxCostPerMonthUsd: null, maxTokensPerApiKeyPerDay: null } });
    expect(cleared.quotas).toMatchObject({ maxCostPerMonthUsd: null, maxTokensPerApiKeyPerDay: null, maxTokensPerUserPerDay: 100_000 });

    for (const quotas of [
      { maxCostPerMonthUsd: 1.234 },
      { maxCostPerMonthUsd: -1 },
      { softThresholdPercent: 0 },
      { softThresholdPercent: 101 },
      { maxTokensPerUserPerDay: 1.5 },
      { maxTokensPerUserPerDay: 2_000_000 },
      { maxTokensPerApiKeyPerDay: 1_000_001 },
    ]) {
      expect(await trpcCode(su().tenants.update({ id: f.tenant.id, quotas }))).toBe('BAD_REQUEST');
    }
    await expect(su().tenants.update({ id: f.tenant.id, quotas: { maxTokensPerUserPerDay: 2_000_000 } })).rejects.toThrow(
      "The token limit per user cannot be above the tenant's tokens per day (1,000,000).",
    );
    expect((await su().tenants.get({ id: f.tenant.id })).quotas).toMatchObject({
      maxTokensPerUserPerDay: 100_000,
      softThresholdPercent: 90,
    });
  });

  it('suspends (sign-in refused, open sessions end) and reactivates', async () => {
    const f = await createTenantFixture(t.db);
    const viewer = callerFor(t.db, { ...asUser(f, 'viewer'), signedInAt: Date.now() - 1000 } as SessionClaims);
    await su().tenants.suspend({ id: f.tenant.id });
    expect(await trpcCode(viewer.session.get())).toBe('UNAUTHORIZED');
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: TEST_PASSWORD }, meta),
    ).rejects.toThrow(SIGN_IN_MESSAGES.suspended);
    expect(await trpcCode(su().tenants.suspend({ id: f.tenant.id }))).toBe('BAD_REQUEST');
    await su().tenants.reactivate({ id: f.tenant.id });
    // The suspension signed everyone out: the old session stays over, a new sign-in works.
    expect(await trpcCode(viewer.session.get())).toBe('UNAUTHORIZED');
    const fresh = callerFor(t.db, { ...asUser(f, 'viewer'), signedInAt: Date.now() + 1 } as SessionClaims);
    await expect(fresh.session.get()).resolves.toMatchObject({ kind: 'user' });
    // The tenant's own admins see what the platform did, in their chain.
    const own = await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(auditLogs).where(eq(auditLogs.tenantId, f.tenant.id)));
    expect(own.map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.suspend', 'tenant.reactivate']));
  });

  it('deletes after the slug is typed, then purges every row and file in the background', async () => {
    const f = await createTenantFixture(t.db);
    const keep = await createTenantFixture(t.db);
    await withTenant({ tenantId: f.tenant.id, seeRestricted: true }, (tx) => insertTenantRows(tx, f.tenant.id));
    await getStorage().put(`${f.tenant.id}/documents/a.txt`, new TextEncoder().encode('hello'));
    await getStorage().put(`${f.tenant.id}/documents/b.txt`, new TextEncoder().encode('world'));
    expect(await trpcCode(su().tenants.delete({ id: f.tenant.id, confirmSlug: 'wrong' }))).toBe('BAD_REQUEST');
    const deleted = await su().tenants.delete({ id: f.tenant.id, confirmSlug: f.tenant.slug });
    expect(deleted).toMatchObject({ status: 'deleted', purgedAt: null });
    expect(await trpcCode(callerFor(t.db, asUser(f, 'admin')).session.get())).toBe('UNAUTHORIZED');
    expect(await runPendingPurges(t.db)).toBeGreaterThanOrEqual(1);
    const after = await su().tenants.get({ id: f.tenant.id });
    expect(after.purgedAt).toBeInstanceOf(Date);
    expect(after.purgeResult!.files).toBe(2);
    expect(after.purgeResult!.rows).toMatchObject({ users: 4, roles: 4, documents: 1, chat_messages: 1 });
    for (const table of ['users', 'documents', 'document_chunks', 'audit_logs', 'chat_messages']) {
      const [row] = await t.db.execute<{ n: number }>(
        `select count(*)::int as n from ${table} where tenant_id = '${f.tenant.id}'` as never,
      );
      expect(row!.n, table).toBe(0);
    }
    // The other tenant is untouched.
    await expect(
      callerFor(t.db, asUser(keep, 'admin')).users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }),
    ).resolves.toMatchObject({ total: 3 });
    expect(await runPendingPurges(t.db)).toBe(0);
  });

  it('enters a tenant with a signed cookie, acts there as an audited superadmin, and leaves', async () => {
    const f = await createTenantFixture(t.db);
    const cookies: string[] = [];
    const entered = await callerFor(t.db, root, { cookies }).tenants.enter({ id: f.tenant.id });
    expect(entered).toEqual({ slug: f.tenant.slug });
    const value = /ao_acting_tenant=([^;]+)/.exec(cookies[0]!)![1]!;
    expect(cookies[0]).toMatch(/HttpOnly/);
    expect(readActingCookie(value, rootId)).toBe(f.tenant.id);
    const acting = callerFor(t.db, { ...root, actingTenantId: f.tenant.id } as SessionClaims);
    const users = await acting.users.list({ sort: 'email', dir: 'asc', page: 1, pageSize: 20 });
    expect(users.total).toBe(3);
    await acting.users.update({ id: f.users.viewer.id, fullName: 'Helped' });
    const [entry] = await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.action, 'user.update'))),
    );
    expect(entry).toMatchObject({ actorType: 'superadmin', actorId: rootId });
    const leaving: string[] = [];
    await callerFor(t.db, { ...root, actingTenantId: f.tenant.id } as SessionClaims, { cookies: leaving }).tenants.exit();
    expect(leaving[0]).toMatch(/Max-Age=0/);
    const actions = (
      await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(auditLogs).where(eq(auditLogs.tenantId, f.tenant.id)))
    ).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['tenant.enter', 'tenant.exit']));
    // Without entering, a superadmin has no tenant to act in.
    expect(await trpcCode(su().users.list({ sort: 'email', dir: 'asc', page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
  });

  it('answers an unknown tenant id NOT_FOUND', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    // One call at a time: each is started only when the previous one has been checked.
    for (const call of [
      () => su().tenants.get({ id }),
      () => su().tenants.suspend({ id }),
      () => su().tenants.enter({ id }),
      () => su().tenants.delete({ id, confirmSlug: 'x' }),
    ]) {
      expect(await trpcCode(call())).toBe('NOT_FOUND');
    }
    const [stillThere] = await t.db.select().from(tenants).limit(1);
    expect(stillThere).toBeDefined();
  });
});
