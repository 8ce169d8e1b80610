import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, systemAdmins, tenants, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { createTenantFixture, TEST_PASSWORD, testPasswordHash, uniqueSlug } from '@/test/fixtures';
import {
  authenticate,
  MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_USER_AGENT_LENGTH,
  SIGN_IN_MESSAGES,
} from './sign-in';

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

  it('locks an account at one address after repeated failures, even for the right password, while its owner signs in from another', async () => {
    const f = await createTenantFixture(t.db);
    const creds = { workspace: f.tenant.slug, email: f.users.admin.email };
    const stranger = meta();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      await expect(authenticate(t.db, { ...creds, password: `wrong-${i}` }, stranger)).rejects.toThrow(SIGN_IN_MESSAGES.invalid);
    }
    await expect(authenticate(t.db, { ...creds, password: TEST_PASSWORD }, stranger)).rejects.toThrow(SIGN_IN_MESSAGES.rateLimited);
    // The owner, from their own address, is not locked out by the stranger.
    await expect(authenticate(t.db, { ...creds, password: TEST_PASSWORD }, meta())).resolves.toMatchObject({ kind: 'user' });
    // Other accounts at the stranger's address are not locked either (below the per-address limit).
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.editor.email, password: TEST_PASSWORD }, stranger),
    ).resolves.toMatchObject({ kind: 'user' });
  });

  it('never lets anonymous failures elsewhere lock the superadmin out', async () => {
    const email = `${uniqueSlug('root')}@platform.test`;
    await t.db.insert(systemAdmins).values({ email, hashedPassword: await testPasswordHash(), fullName: 'Root' });
    const stranger = meta();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS + 3; i++) {
      await authenticate(t.db, { email, password: `wrong-${i}` }, stranger).catch(() => {});
    }
    await expect(authenticate(t.db, { email, password: TEST_PASSWORD }, stranger)).rejects.toThrow(SIGN_IN_MESSAGES.rateLimited);
    await expect(authenticate(t.db, { email, password: TEST_PASSWORD }, meta())).resolves.toMatchObject({ kind: 'superadmin' });
  });

  it('throttles an address that fails across many accounts', async () => {
    const f = await createTenantFixture(t.db);
    const ip = { ip: '192.0.2.250', userAgent: 'bot', correlationId: null };
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
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

  it('records an attempt on an account that does not exist without the e-mail typed, and still throttles it', async () => {
    const f = await createTenantFixture(t.db);
    const typed = `${uniqueSlug('typed')}@nowhere.test`;
    const from = meta();
    const attempts = [
      { workspace: f.tenant.slug, email: typed },
      { workspace: 'no-such-workspace', email: typed },
      { workspace: '', email: typed },
    ];
    for (const creds of attempts) {
      await expect(authenticate(t.db, { ...creds, password: 'guess-guess' }, from)).rejects.toThrow(SIGN_IN_MESSAGES.invalid);
    }
    const entries = await t.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'auth.sign_in'), eq(auditLogs.ipAddress, from.ip)))
      .orderBy(desc(auditLogs.seq));
    expect(entries.map((e) => [e.tenantId, e.actorLabel, (e.payload as { reason: string }).reason])).toEqual([
      [null, 'unknown account (platform)', 'unknown_account'],
      [null, 'unknown account (no-such-workspace)', 'unknown_workspace'],
      [f.tenant.id, `unknown account (${f.tenant.slug})`, 'unknown_account'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(typed);
    expect(JSON.stringify(entries)).not.toContain(typed.split('@')[0]);

    // Five failures on that unknown account from one address lock it there, as for a real one.
    const guesser = meta();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      await expect(authenticate(t.db, { workspace: f.tenant.slug, email: typed, password: `guess-${i}` }, guesser)).rejects.toThrow(
        SIGN_IN_MESSAGES.invalid,
      );
    }
    await expect(authenticate(t.db, { workspace: f.tenant.slug, email: typed, password: 'guess-x' }, guesser)).rejects.toThrow(
      SIGN_IN_MESSAGES.rateLimited,
    );
    // Another e-mail from the same address is a different account.
    await expect(authenticate(t.db, { workspace: f.tenant.slug, email: `other-${typed}`, password: 'guess-x' }, guesser)).rejects.toThrow(
      SIGN_IN_MESSAGES.invalid,
    );
  });

  it('caps what an unauthenticated request writes to the audit log', async () => {
    const f = await createTenantFixture(t.db);
    const long = { ip: '192.0.2.77', userAgent: `agent ${'x'.repeat(5000)}`, correlationId: 'c'.repeat(5000) };
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: 'wrong-password' }, long),
    ).rejects.toThrow(SIGN_IN_MESSAGES.invalid);
    const [entry] = await tenantAudit(f.tenant.id);
    expect(entry!.userAgent).toBe(long.userAgent.slice(0, MAX_USER_AGENT_LENGTH));
    expect(entry!.correlationId!.length).toBeLessThanOrEqual(100);
    // A typed workspace or e-mail past its limit is refused before anything is written.
    const before = (await t.db.select().from(auditLogs).where(eq(auditLogs.ipAddress, long.ip))).length;
    await expect(authenticate(t.db, { workspace: 'w'.repeat(300), email: 'a@b.test', password: 'x' }, long)).rejects.toThrow(
      SIGN_IN_MESSAGES.malformed,
    );
    await expect(authenticate(t.db, { workspace: f.tenant.slug, email: `${'e'.repeat(400)}@x.test`, password: 'x' }, long)).rejects.toThrow(
      SIGN_IN_MESSAGES.malformed,
    );
    expect(await t.db.select().from(auditLogs).where(eq(auditLogs.ipAddress, long.ip))).toHaveLength(before);
  });
});
