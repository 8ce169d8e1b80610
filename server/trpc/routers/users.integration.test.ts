import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '@/db/schema';
import { authenticate, SIGN_IN_MESSAGES } from '@/server/auth/sign-in';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import {
  apiKeyCaller,
  asUser,
  callerFor,
  createTenantFixture,
  lastAuditEntry,
  TEST_PASSWORD,
  trpcCode,
  type Fixture,
} from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;
let b: Fixture;
const meta = { ip: '127.0.0.50', userAgent: 'vitest', correlationId: null };

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});
afterAll(async () => {
  await t?.stop();
});

const admin = () => callerFor(t.db, asUser(a, 'admin'));

describe('users.list', () => {
  it('pages, searches, filters and sorts on the server, within the tenant only', async () => {
    const page = await admin().users.list({ sort: 'email', dir: 'asc', page: 1, pageSize: 5 });
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.items.map((u) => u.email)).toEqual([...page.items.map((u) => u.email)].sort());
    expect(page.items.every((u) => u.email.endsWith(`@${a.tenant.slug}.test`) || !u.email.includes(b.tenant.slug))).toBe(true);
    const found = await admin().users.list({ search: 'EDITOR@', sort: 'created', dir: 'desc', page: 1, pageSize: 20 });
    expect(found.items.map((u) => u.id)).toEqual([a.users.editor.id]);
    const viewers = await admin().users.list({ roleId: a.roleIds.viewer, sort: 'created', dir: 'desc', page: 1, pageSize: 20 });
    expect(viewers.items.map((u) => u.id)).toContain(a.users.viewer.id);
    expect(viewers.items.every((u) => u.roles.some((r) => r.name === 'viewer'))).toBe(true);
    const other = await admin().users.list({ search: b.tenant.slug, sort: 'created', dir: 'desc', page: 1, pageSize: 20 });
    expect(other.total).toBe(0);
  });

  it('refuses users without users:manage and audits the refusal', async () => {
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }))).toBe(
      'FORBIDDEN',
    );
    expect(await lastAuditEntry(a, 'users.list')).toMatchObject({ status: 'denied', actorId: a.users.editor.id });
  });
});

describe('users.invite and the invitation link', () => {
  it('invites with a one-time link that activates the account, audited', async () => {
    const email = `new-${Date.now()}@${a.tenant.slug}.test`;
    const { user, invitation } = await admin().users.invite({
      email: ` ${email.toUpperCase()} `,
      fullName: 'New Person',
      roleIds: [a.roleIds.editor],
    });
    expect(user).toMatchObject({ email, status: 'invited', roles: [{ name: 'editor' }] });
    expect(invitation.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    expect(await lastAuditEntry(a, 'user.invite')).toMatchObject({ status: 'success', resourceId: user.id });
    const token = invitation.url!.split('/').pop()!;
    const anon = callerFor(t.db, null);
    await expect(anon.auth.inspectToken({ token })).resolves.toMatchObject({ purpose: 'invite', email, tenantSlug: a.tenant.slug });
    expect(await trpcCode(anon.auth.redeemToken({ token, password: 'short' }))).toBe('BAD_REQUEST');
    await expect(anon.auth.redeemToken({ token, password: 'a-long-password-1', fullName: 'Renamed' })).resolves.toEqual({
      tenantSlug: a.tenant.slug,
      email,
    });
    expect(await trpcCode(anon.auth.redeemToken({ token, password: 'a-long-password-1' }))).toBe('NOT_FOUND');
    await expect(authenticate(t.db, { workspace: a.tenant.slug, email, password: 'a-long-password-1' }, meta)).resolves.toMatchObject({
      kind: 'user',
      permissions: expect.arrayContaining(['documents:write']),
    });
  });

  it('refuses a bad email, a duplicate, another tenant’s role and a role with more than the inviter holds', async () => {
    const bad = await admin()
      .users.invite({ email: 'not-an-email', fullName: '', roleIds: [] })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await trpcCode(admin().users.invite({ email: a.users.viewer.email, fullName: '', roleIds: [] }))).toBe('CONFLICT');
    expect(await trpcCode(admin().users.invite({ email: `x-${Date.now()}@x.test`, fullName: '', roleIds: [b.roleIds.admin] }))).toBe(
      'NOT_FOUND',
    );
    // A delegated user manager (users:manage only) cannot hand out the admin role.
    const manager = await admin().roles.create({ name: `managers-${Date.now()}`, description: '', permissions: ['users:manage'] });
    await admin().users.update({ id: a.users.editor.id, roleIds: [a.roleIds.editor, manager.id] });
    const asManager = callerFor(t.db, asUser(a, 'editor'));
    const error = await asManager.users
      .invite({ email: `y-${Date.now()}@x.test`, fullName: '', roleIds: [a.roleIds.admin] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect((error as Error).message).toMatch(/cannot grant permissions you do not hold: .*roles:manage/);
    await admin().users.update({ id: a.users.editor.id, roleIds: [a.roleIds.editor] });
  });
});

describe('users.create, update, deactivate, reactivate, resetPassword', () => {
  it('creates an active user with a password who can sign in', async () => {
    const email = `pw-${Date.now()}@${a.tenant.slug}.test`;
    const user = await admin().users.create({ email, fullName: 'Pat Word', password: TEST_PASSWORD, roleIds: [a.roleIds.viewer] });
    expect(user.status).toBe('active');
    await expect(authenticate(t.db, { workspace: a.tenant.slug, email, password: TEST_PASSWORD }, meta)).resolves.toMatchObject({
      id: user.id,
    });
    const short = await admin()
      .users.create({ email: `s-${email}`, fullName: 'S', password: 'short', roleIds: [] })
      .catch((e: unknown) => e);
    expect(short).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('changes roles, which apply on the user’s next request', async () => {
    const viewer = callerFor(t.db, asUser(a, 'viewer'));
    expect(await trpcCode(viewer.users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
    const updated = await admin().users.update({ id: a.users.viewer.id, roleIds: [a.roleIds.viewer, a.roleIds.admin] });
    expect(updated.roles.map((r) => r.name).sort()).toEqual(['admin', 'viewer']);
    await expect(viewer.users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 })).resolves.toMatchObject({ page: 1 });
    await admin().users.update({ id: a.users.viewer.id, roleIds: [a.roleIds.viewer] });
    expect(await trpcCode(viewer.users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
  });

  it('never lets the tenant lose its last active admin', async () => {
    const f = await createTenantFixture(t.db);
    const own = callerFor(t.db, asUser(f, 'admin'));
    const leave = await own.users.deactivate({ id: f.users.admin.id }).catch((e: unknown) => e);
    expect(leave).toMatchObject({ code: 'FORBIDDEN' });
    expect((leave as Error).message).toMatch(/last active admin/);
    const demote = await own.users.update({ id: f.users.admin.id, roleIds: [f.roleIds.viewer] }).catch((e: unknown) => e);
    expect(demote).toMatchObject({ code: 'FORBIDDEN' });
    expect((demote as Error).message).toMatch(/last active admin/);
    // With a second admin, the first may step down; then the second is the last one.
    await own.users.update({ id: f.users.editor.id, roleIds: [f.roleIds.admin] });
    await own.users.update({ id: f.users.admin.id, roleIds: [f.roleIds.editor] });
    const second = callerFor(t.db, asUser(f, 'editor'));
    expect(await trpcCode(second.users.update({ id: f.users.editor.id, roleIds: [f.roleIds.viewer] }))).toBe('FORBIDDEN');
    const roles = await second.users.get({ id: f.users.editor.id });
    expect(roles.roles.map((r) => r.name)).toEqual(['admin']);
  });

  it('lets an admin deactivate themself while another admin remains, ending their own sessions', async () => {
    const f = await createTenantFixture(t.db);
    const own = callerFor(t.db, asUser(f, 'admin'));
    await own.users.update({ id: f.users.editor.id, roleIds: [f.roleIds.admin] });
    await expect(own.users.deactivate({ id: f.users.admin.id })).resolves.toMatchObject({ status: 'deactivated' });
    expect(await trpcCode(own.users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }))).toBe('UNAUTHORIZED');
    expect(await lastAuditEntry(f, 'user.deactivate')).toMatchObject({ actorId: f.users.admin.id, resourceId: f.users.admin.id });
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.admin.email, password: TEST_PASSWORD }, meta),
    ).rejects.toThrow(SIGN_IN_MESSAGES.deactivated);
  });

  it('two admins demoting each other at once leave one admin standing', async () => {
    const f = await createTenantFixture(t.db);
    await callerFor(t.db, asUser(f, 'admin')).users.update({ id: f.users.editor.id, roleIds: [f.roleIds.admin] });
    const results = await Promise.allSettled([
      callerFor(t.db, asUser(f, 'admin')).users.update({ id: f.users.editor.id, roleIds: [f.roleIds.viewer] }),
      callerFor(t.db, asUser(f, 'editor')).users.update({ id: f.users.admin.id, roleIds: [f.roleIds.viewer] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const admins = await callerFor(t.db, asUser(f, results[0].status === 'fulfilled' ? 'admin' : 'editor')).users.list({
      roleId: f.roleIds.admin,
      sort: 'created',
      dir: 'desc',
      page: 1,
      pageSize: 20,
    });
    expect(admins.total).toBe(1);
  });

  it('deactivates (ending open sessions and sign-in) and reactivates', async () => {
    const f = await createTenantFixture(t.db);
    const own = callerFor(t.db, asUser(f, 'admin'));
    const editor = callerFor(t.db, { ...asUser(f, 'editor'), signedInAt: Date.now() - 1000 });
    await expect(editor.session.get()).resolves.toMatchObject({ kind: 'user' });
    await expect(own.users.deactivate({ id: f.users.editor.id })).resolves.toMatchObject({ status: 'deactivated' });
    expect(await trpcCode(editor.session.get())).toBe('UNAUTHORIZED');
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.editor.email, password: TEST_PASSWORD }, meta),
    ).rejects.toThrow(SIGN_IN_MESSAGES.deactivated);
    await expect(own.users.reactivate({ id: f.users.editor.id })).resolves.toMatchObject({ status: 'active' });
    // Deactivation ended the session for good; signing in again starts a new one.
    expect(await trpcCode(editor.session.get())).toBe('UNAUTHORIZED');
    await expect(callerFor(t.db, { ...asUser(f, 'editor'), signedInAt: Date.now() + 1 }).session.get()).resolves.toMatchObject({
      kind: 'user',
    });
  });

  it('issues a password reset link that replaces the password once', async () => {
    const f = await createTenantFixture(t.db);
    const link = await callerFor(t.db, asUser(f, 'admin')).users.resetPassword({ id: f.users.viewer.id });
    expect(link.purpose).toBe('password_reset');
    expect(link.url).toMatch(/\/reset-password\//);
    const token = link.url!.split('/').pop()!;
    await callerFor(t.db, null).auth.redeemToken({ token, password: 'brand-new-password' });
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: 'brand-new-password' }, meta),
    ).resolves.toMatchObject({ kind: 'user' });
  });

  it('answers another tenant’s user ids NOT_FOUND and changes nothing there', async () => {
    const own = admin();
    for (const call of [
      () => own.users.get({ id: b.users.viewer.id }),
      () => own.users.update({ id: b.users.viewer.id, fullName: 'hacked' }),
      () => own.users.deactivate({ id: b.users.viewer.id }),
      () => own.users.reactivate({ id: b.users.viewer.id }),
      () => own.users.resetPassword({ id: b.users.viewer.id }),
    ]) {
      expect(await trpcCode(call())).toBe('NOT_FOUND');
    }
    const still = await callerFor(t.db, asUser(b, 'admin')).users.get({ id: b.users.viewer.id });
    expect(still).toMatchObject({ status: 'active', fullName: b.users.viewer.fullName });
  });

  it('refuses every users procedure once the tenant is suspended', async () => {
    const f = await createTenantFixture(t.db);
    await t.db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, f.tenant.id));
    expect(await trpcCode(callerFor(t.db, asUser(f, 'admin')).users.list({ sort: 'created', dir: 'desc', page: 1, pageSize: 20 }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await trpcCode(callerFor(t.db, asUser(f, 'admin')).users.invite({ email: 'z@z.test', fullName: '', roleIds: [] }))).toBe(
      'UNAUTHORIZED',
    );
  });
});

describe('privilege inside a tenant', () => {
  it('needs at least the power of the user acted on: a user manager cannot take over an admin or an editor', async () => {
    const f = await createTenantFixture(t.db);
    const owner = callerFor(t.db, asUser(f, 'admin'));
    // A help desk: manages users and holds what viewers hold, nothing more.
    const helpdesk = await owner.roles.create({
      name: 'helpdesk',
      description: '',
      permissions: ['users:manage', 'documents:read', 'chat:use', 'usage:read'],
    });
    const agent = await owner.users.create({
      email: `agent@${f.tenant.slug}.test`,
      fullName: 'Agent',
      password: TEST_PASSWORD,
      roleIds: [helpdesk.id],
    });
    const asAgent = callerFor(t.db, { kind: 'user', tenantId: f.tenant.id, id: agent.id });
    const attempts = (id: string) => [
      () => asAgent.users.deactivate({ id }),
      () => asAgent.users.reactivate({ id }),
      () => asAgent.users.update({ id, fullName: 'Taken over' }),
      () => asAgent.users.update({ id, roleIds: [f.roleIds.viewer] }),
    ];
    for (const target of [f.users.admin, f.users.editor]) {
      for (const attempt of attempts(target.id)) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'FORBIDDEN' });
        expect((error as Error).message).toMatch(
          new RegExp(`^You cannot change ${target.email}: they hold permissions you do not \\(.*documents:write`),
        );
      }
    }
    // Nothing changed.
    await expect(owner.users.get({ id: f.users.admin.id })).resolves.toMatchObject({
      status: 'active',
      fullName: f.users.admin.fullName,
      roles: [{ id: f.roleIds.admin }],
    });
    await expect(owner.users.get({ id: f.users.editor.id })).resolves.toMatchObject({
      status: 'active',
      fullName: f.users.editor.fullName,
    });
    expect(await lastAuditEntry(f, 'users.deactivate')).toMatchObject({ status: 'denied', payload: { code: 'FORBIDDEN' } });
    // A link may still be e-mailed to them (it goes to their own address), but the agent never sees it.
    await expect(asAgent.users.resetPassword({ id: f.users.admin.id })).resolves.toMatchObject({ url: null });
    // A viewer holds nothing the help desk lacks: the help desk may help them.
    await expect(asAgent.users.resetPassword({ id: f.users.viewer.id })).resolves.toMatchObject({
      purpose: 'password_reset',
      url: expect.stringMatching(/\/reset-password\//),
    });
    await expect(asAgent.users.update({ id: f.users.viewer.id, fullName: 'Vera Viewer' })).resolves.toMatchObject({
      fullName: 'Vera Viewer',
    });
  });

  it('never gives an API key a sign-in or reset link, whatever its scopes: the link is only e-mailed', async () => {
    const f = await createTenantFixture(t.db);
    const owner = callerFor(t.db, asUser(f, 'admin'));
    const { key } = await owner.apiKeys.create({
      name: 'provisioning',
      scopes: ['users:manage', 'documents:read', 'chat:use', 'usage:read'],
      expiresInDays: 30,
    });
    const bot = apiKeyCaller(t.db, key);
    await expect(bot.users.resetPassword({ id: f.users.viewer.id })).resolves.toMatchObject({ url: null });
    const { invitation } = await bot.users.invite({ email: `new@${f.tenant.slug}.test`, fullName: '', roleIds: [f.roleIds.viewer] });
    expect(invitation).toMatchObject({ url: null, delivery: { to: `new@${f.tenant.slug}.test` } });
    expect(await lastAuditEntry(f, 'user.invite')).toMatchObject({ status: 'success', actorType: 'api_key' });
  });
});
