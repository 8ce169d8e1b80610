import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, systemAdmins, tenants, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture, TEST_PASSWORD, testPasswordHash, uniqueSlug } from '@/test/fixtures';
import { authenticate, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, SIGN_IN_MESSAGES } from './sign-in';

let t: TestDatabase;
let ipCounter = 0;
/** Each test signs in from its own address, so per-IP throttling only shows where tested. */
const meta = () => ({ ip: `198.51.100.${++ipCounter}`, userAgent: 'vitest', correlationId: 'corr-1' });

beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

async function tenantAudit(tenantId: string) {
  return withTenant({ tenantId }, (tx) => tx.select().from(auditLogs).where(eq(auditLogs.tenantId, tenantId)).orderBy(desc(auditLogs.seq)));
}

describe('authenticate', () => {
  it('signs a tenant user in with their permissions and audits it with address and agent', async () => {
    const f = await createTenantFixture(t.db);
    const m = meta();
    const principal = await authenticate(
      t.db,
      { workspace: ` ${f.tenant.slug.toUpperCase()} `, email: f.users.editor.email.toUpperCase(), password: TEST_PASSWORD },
      m,
    );
    expect(principal).toMatchObject({
      kind: 'user',
      id: f.users.editor.id,
      tenantId: f.tenant.id,
      tenantSlug: f.tenant.slug,
      permissions: ['documents:read', 'documents:write', 'chat:use', 'usage:read', 'evals:run'],
    });
    const [entry] = await tenantAudit(f.tenant.id);
    expect(entry).toMatchObject({
      action: 'auth.sign_in',
      status: 'success',
      actorType: 'user',
      actorId: f.users.editor.id,
      ipAddress: m.ip,
      userAgent: 'vitest',
      correlationId: 'corr-1',
    });
    expect(JSON.stringify(entry!.payload)).not.toContain(TEST_PASSWORD);
    const [user] = await withTenant({ tenantId: f.tenant.id }, (tx) => tx.select().from(users).where(eq(users.id, f.users.editor.id)));
    expect(user!.lastLoginAt).toBeInstanceOf(Date);
  });

  it('signs a superadmin in without a workspace and audits globally', async () => {
    const email = `${uniqueSlug('root')}@platform.test`;
    await t.db.insert(systemAdmins).values({ email, hashedPassword: await testPasswordHash(), fullName: 'Root' });
    const principal = await authenticate(t.db, { workspace: '', email, password: TEST_PASSWORD }, meta());
    expect(principal).toMatchObject({ kind: 'superadmin', email });
    const [entry] = await t.db
      .select()
      .from(auditLogs)
      .where(and(isNull(auditLogs.tenantId), eq(auditLogs.actorId, principal.id)))
      .orderBy(desc(auditLogs.seq))
      .limit(1);
    expect(entry).toMatchObject({ status: 'success', actorType: 'superadmin' });
  });

  it('refuses a wrong password with one message and audits the denial', async () => {
    const f = await createTenantFixture(t.db);
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.admin.email, password: 'wrong-password' }, meta()),
    ).rejects.toThrow(SIGN_IN_MESSAGES.invalid);
    const [entry] = await tenantAudit(f.tenant.id);
    expect(entry).toMatchObject({ status: 'denied', actorId: f.users.admin.id });
    expect(entry!.payload).toMatchObject({ reason: 'bad_credentials' });
  });

  it('answers an unknown workspace or email exactly like a wrong password', async () => {
    const f = await createTenantFixture(t.db);
    await expect(
      authenticate(t.db, { workspace: 'no-such-workspace', email: f.users.admin.email, password: TEST_PASSWORD }, meta()),
    ).rejects.toThrow(SIGN_IN_MESSAGES.invalid);
    await expect(authenticate(t.db, { workspace: f.tenant.slug, email: 'nobody@x.test', password: TEST_PASSWORD }, meta())).rejects.toThrow(
      SIGN_IN_MESSAGES.invalid,
    );
    // A user of one tenant cannot sign in to another with the same credentials.
    const g = await createTenantFixture(t.db);
    await expect(
      authenticate(t.db, { workspace: g.tenant.slug, email: f.users.admin.email, password: TEST_PASSWORD }, meta()),
    ).rejects.toThrow(SIGN_IN_MESSAGES.invalid);
  });

  it('refuses deactivated and not yet activated users and suspended tenants, only once the password is right', async () => {
    const f = await createTenantFixture(t.db);
    await withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx.update(users).set({ status: 'deactivated' }).where(eq(users.id, f.users.viewer.id)),
    );
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: TEST_PASSWORD }, meta()),
    ).rejects.toThrow(SIGN_IN_MESSAGES.deactivated);
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: 'wrong-password' }, meta()),
    ).rejects.toThrow(SIGN_IN_MESSAGES.invalid);

    await withTenant({ tenantId: f.tenant.id }, (tx) => tx.update(users).set({ status: 'invited' }).where(eq(users.id, f.users.editor.id)));
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.editor.email, password: TEST_PASSWORD }, meta()),
    ).rejects.toThrow(SIGN_IN_MESSAGES.invited);

    await t.db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, f.tenant.id));
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.admin.email, password: TEST_PASSWORD }, meta()),
    ).rejects.toThrow(SIGN_IN_MESSAGES.suspended);
    const reasons = (await tenantAudit(f.tenant.id)).map((e) => (e.payload as { reason?: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(['user_deactivated', 'user_not_active', 'tenant_suspended']));
  });

  it('refuses malformed input with a clear message', async () => {
    await expect(authenticate(t.db, { workspace: 'acme', email: '', password: '' }, meta())).rejects.toThrow(SIGN_IN_MESSAGES.malformed);
    await expect(authenticate(t.db, null, meta())).rejects.toThrow(SIGN_IN_MESSAGES.malformed);
    await expect(authenticate(t.db, { workspace: 'acme', email: 'a@b.test', password: 'x'.repeat(5000) }, meta())).rejects.toThrow(
      SIGN_IN_MESSAGES.malformed,
    );
  });

  it('locks an account after repeated failures, even for the right password, from any address', async () => {
    const f = await createTenantFixture(t.db);
    const creds = { workspace: f.tenant.slug, email: f.users.admin.email };
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      await expect(authenticate(t.db, { ...creds, password: `wrong-${i}` }, meta())).rejects.toThrow(SIGN_IN_MESSAGES.invalid);
    }
    await expect(authenticate(t.db, { ...creds, password: TEST_PASSWORD }, meta())).rejects.toThrow(SIGN_IN_MESSAGES.rateLimited);
    // Other accounts of the tenant are unaffected.
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.editor.email, password: TEST_PASSWORD }, meta()),
    ).resolves.toMatchObject({ kind: 'user' });
  });

  it('throttles an address that fails across many accounts', async () => {
    const f = await createTenantFixture(t.db);
    const ip = { ip: '192.0.2.250', userAgent: 'bot', correlationId: null };
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await expect(authenticate(t.db, { workspace: f.tenant.slug, email: `guess-${i}@x.test`, password: 'nope-nope' }, ip)).rejects.toThrow(
        SIGN_IN_MESSAGES.invalid,
      );
    }
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: TEST_PASSWORD }, ip),
    ).rejects.toThrow(SIGN_IN_MESSAGES.rateLimited);
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: TEST_PASSWORD }, meta()),
    ).resolves.toMatchObject({ kind: 'user' });
  });
});
