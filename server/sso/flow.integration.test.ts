import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, tenants, tenantSso, userRoles, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { resolvePrincipal } from '@/server/auth/principal';
import { authenticate, SIGN_IN_MESSAGES } from '@/server/auth/sign-in';
import type { Principal } from '@/server/auth/types';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createSuperadmin, createTenantFixture, TEST_PASSWORD, trpcCode, type Fixture } from '@/test/fixtures';
import { signInAtProvider, startTestProvider, type TestProvider } from '@/test/oidc/provider';
import { decode } from 'next-auth/jwt';
import { endSession } from '@/server/auth/sessions';
import type { SessionClaims } from '@/server/auth/types';
import { SsoFailure } from './failures';
import { sessionCookieHeaders } from './session-cookie';
import { completeSso, startSso, ssoDiscovery } from './flow';
import { redirectUri } from './oidc';

let t: TestDatabase;
let idp: TestProvider;
let a: Fixture;
let b: Fixture;
let ip = 0;
const meta = () => ({ ip: `198.51.100.${++ip}`, userAgent: 'vitest', correlationId: null });

const SECRET = 'client-secret-of-the-test-provider-0123456789';

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
  const uris = (slug: string) => [redirectUri(slug)];
  idp = await startTestProvider(
    [
      { clientId: 'console-a', clientSecret: SECRET, redirectUris: uris(a.tenant.slug) },
      { clientId: 'console-b', clientSecret: SECRET, redirectUris: uris(b.tenant.slug) },
      { clientId: 'wrong-aud', clientSecret: SECRET, redirectUris: uris(a.tenant.slug), behaviour: 'wrong-audience' },
      { clientId: 'expired', clientSecret: SECRET, redirectUris: uris(a.tenant.slug), behaviour: 'expired' },
    ],
    {
      'editor-a': { email: a.users.editor.email, name: 'Editor A' },
      'viewer-a': { email: a.users.viewer.email },
      'admin-a': { email: a.users.admin.email },
      'newcomer-a': { email: `newcomer@${a.tenant.slug}.test`, name: 'New Comer' },
      'unverified-a': { email: `unverified@${a.tenant.slug}.test`, emailVerified: false },
      'stranger-a': { email: `stranger@${a.tenant.slug}.test` },
      outsider: { email: 'someone@elsewhere.example' },
      'newcomer-b': { email: `newcomer@${b.tenant.slug}.test` },
    },
  );
}, 120_000);
afterAll(async () => {
  await idp?.stop();
  await t?.stop();
});

async function principalOf(f: Fixture, role: 'admin' | 'editor' | 'viewer'): Promise<Principal> {
  const resolution = await resolvePrincipal(t.db, asUser(f, role));
  if (!resolution.ok) throw new Error('fixture user did not resolve');
  return resolution.principal;
}

/** Saves SSO settings as the tenant's admin would, through the tRPC caller. */
async function configure(f: Fixture, overrides: Partial<Parameters<ReturnType<typeof callerFor>['sso']['update']>[0]> = {}) {
  return callerFor(t.db, asUser(f, 'admin')).sso.update({
    displayName: 'Test IdP',
    issuer: idp.issuer,
    clientId: f === a ? 'console-a' : 'console-b',
    clientSecret: SECRET,
    allowedDomains: [`${f.tenant.slug}.test`],
    jitRoleId: null,
    passwordsAllowed: true,
    enabled: true,
    ...overrides,
  });
}

/** The whole flow: start, the provider's login form as `login`, the callback. */
async function runFlow(
  f: Fixture,
  login: string,
  options: { mode?: 'sign-in' | 'test'; tester?: Principal | null; callbackSlug?: string } = {},
) {
  const started = await startSso(t.db, { slug: f.tenant.slug, mode: options.mode ?? 'sign-in', tester: options.tester ?? null });
  const callback = await signInAtProvider(started.redirect, login, redirectUri(f.tenant.slug));
  const outcome = await completeSso(t.db, {
    slug: options.callbackSlug ?? f.tenant.slug,
    search: callback.searchParams,
    flowCookie: started.cookie,
    tester: options.tester ?? null,
    meta: meta(),
  });
  return { outcome, callback, cookie: started.cookie };
}

async function failureOfFlow(promise: Promise<unknown>): Promise<SsoFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SsoFailure) return error;
    throw error;
  }
  throw new Error('expected the SSO attempt to fail');
}

async function audit(tenantId: string, action: string) {
  return withTenant({ tenantId }, (tx) =>
    tx
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, tenantId), eq(auditLogs.action, action)))
      .orderBy(desc(auditLogs.seq)),
  );
}

async function userByEmail(f: Fixture, email: string) {
  return withTenant({ tenantId: f.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, f.tenant.id), eq(users.email, email)));
    return row;
  });
}

async function ssoRow(f: Fixture) {
  return withTenant({ tenantId: f.tenant.id }, async (tx) => {
    const [row] = await tx.select().from(tenantSso).where(eq(tenantSso.tenantId, f.tenant.id));
    return row!;
  });
}

describe('SSO sign-in against a real OpenID Connect provider', () => {
  it('signs an existing user in by verified e-mail, as a session like a password sign-in, and audits it', async () => {
    await configure(a);
    const { outcome } = await runFlow(a, 'editor-a');
    expect(outcome).toMatchObject({ kind: 'signed-in', principal: { id: a.users.editor.id, tenantId: a.tenant.id } });
    if (outcome.kind !== 'signed-in') throw new Error('not signed in');
    expect(outcome.principal.permissions).toContain('documents:write');
    const [entry] = await audit(a.tenant.id, 'sso.sign_in');
    expect(entry).toMatchObject({
      status: 'success',
      actorId: a.users.editor.id,
      payload: expect.objectContaining({ subject: 'editor-a' }),
    });
    expect((await userByEmail(a, a.users.editor.email))?.lastLoginAt).not.toBeNull();
  });

  it('refuses a person unknown to the workspace while provisioning is off, creating nothing', async () => {
    await configure(a, { jitRoleId: null });
    const failure = await failureOfFlow(runFlow(a, 'newcomer-a'));
    expect(failure.reason).toBe('unknown_account');
    expect(failure.message).toMatch(/no account for you in this workspace/);
    expect(await userByEmail(a, `newcomer@${a.tenant.slug}.test`)).toBeUndefined();
    const [entry] = await audit(a.tenant.id, 'sso.sign_in');
    expect(entry).toMatchObject({ status: 'denied', payload: expect.objectContaining({ reason: 'unknown_account' }) });
  });

  it('provisions a person signing in for the first time with the configured role, and audits it', async () => {
    await configure(a, { jitRoleId: a.roleIds.viewer });
    const { outcome } = await runFlow(a, 'newcomer-a');
    if (outcome.kind !== 'signed-in') throw new Error('not signed in');
    const created = await userByEmail(a, `newcomer@${a.tenant.slug}.test`);
    expect(created).toMatchObject({ status: 'active', fullName: 'New Comer', tenantId: a.tenant.id });
    expect(outcome.principal.id).toBe(created!.id);
    const roles = await withTenant({ tenantId: a.tenant.id }, (tx) => tx.select().from(userRoles).where(eq(userRoles.userId, created!.id)));
    expect(roles.map((r) => r.roleId)).toEqual([a.roleIds.viewer]);
    expect(outcome.principal.permissions).not.toContain('documents:write');
    const [provision] = await audit(a.tenant.id, 'sso.provision');
    expect(provision).toMatchObject({ status: 'success', resourceId: created!.id, payload: expect.objectContaining({ role: 'viewer' }) });
    // The random password nobody knows does not open the account.
    await expect(authenticate(t.db, { workspace: a.tenant.slug, email: created!.email, password: TEST_PASSWORD }, meta())).rejects.toThrow(
      /Wrong workspace, email or password/,
    );
    await configure(a, { jitRoleId: null });
  });

  it('refuses an ID token issued for another audience', async () => {
    await configure(a, { clientId: 'wrong-aud' });
    const failure = await failureOfFlow(runFlow(a, 'editor-a'));
    expect(failure.reason).toBe('wrong_audience');
    expect(failure.message).toMatch(/could not be verified/);
    expect(failure.message).not.toMatch(/aud|jwt|token/i);
  });

  it('refuses an expired ID token', async () => {
    await configure(a, { clientId: 'expired' });
    const failure = await failureOfFlow(runFlow(a, 'editor-a'));
    expect(failure.reason).toBe('token_expired');
    const [entry] = await audit(a.tenant.id, 'sso.sign_in');
    expect(entry).toMatchObject({ status: 'denied', payload: expect.objectContaining({ reason: 'token_expired' }) });
  });

  it('refuses an e-mail from a domain that is not allowed, even with provisioning on', async () => {
    await configure(a, { jitRoleId: a.roleIds.viewer });
    const failure = await failureOfFlow(runFlow(a, 'outsider'));
    expect(failure.reason).toBe('domain_not_allowed');
    expect(failure.message).toContain('elsewhere.example');
    expect(await userByEmail(a, 'someone@elsewhere.example')).toBeUndefined();
    await configure(a, { jitRoleId: null });
  });

  it('refuses an e-mail the provider has not verified', async () => {
    await configure(a, { jitRoleId: a.roleIds.viewer });
    const failure = await failureOfFlow(runFlow(a, 'unverified-a'));
    expect(failure.reason).toBe('email_unverified');
    expect(await userByEmail(a, `unverified@${a.tenant.slug}.test`)).toBeUndefined();
    await configure(a, { jitRoleId: null });
  });

  it('never signs a user of tenant A in through tenant B’s SSO, and creates nothing in B', async () => {
    await configure(b, { jitRoleId: b.roleIds.viewer });
    const before = await withTenant({ tenantId: b.tenant.id }, (tx) =>
      tx.select({ id: users.id }).from(users).where(eq(users.tenantId, b.tenant.id)),
    );
    // A's editor at B's provider: B allows only its own domain.
    const failure = await failureOfFlow(runFlow(b, 'editor-a'));
    expect(failure.reason).toBe('domain_not_allowed');
    const after = await withTenant({ tenantId: b.tenant.id }, (tx) =>
      tx.select({ id: users.id }).from(users).where(eq(users.tenantId, b.tenant.id)),
    );
    expect(after).toHaveLength(before.length);
    expect(await userByEmail(b, a.users.editor.email)).toBeUndefined();
    // A flow begun at A's SSO cannot be finished at B's callback.
    await configure(a);
    const started = await startSso(t.db, { slug: a.tenant.slug, mode: 'sign-in', tester: null });
    const callback = await signInAtProvider(started.redirect, 'editor-a', redirectUri(a.tenant.slug));
    const crossed = await failureOfFlow(
      completeSso(t.db, { slug: b.tenant.slug, search: callback.searchParams, flowCookie: started.cookie, tester: null, meta: meta() }),
    );
    expect(crossed.reason).toBe('flow_missing');
    // B's SSO matches by e-mail within B only: A's user is never found there.
    const allowA = await configure(b, { jitRoleId: null, allowedDomains: [`${b.tenant.slug}.test`, `${a.tenant.slug}.test`] });
    expect(allowA.allowedDomains).toHaveLength(2);
    expect((await failureOfFlow(runFlow(b, 'editor-a'))).reason).toBe('unknown_account');
  });

  it('refuses a deactivated user with the password sign-in’s words', async () => {
    await configure(a);
    await withTenant({ tenantId: a.tenant.id }, (tx) =>
      tx.update(users).set({ status: 'deactivated' }).where(eq(users.id, a.users.viewer.id)),
    );
    const failure = await failureOfFlow(runFlow(a, 'viewer-a'));
    expect(failure.reason).toBe('user_deactivated');
    expect(failure.message).toBe(SIGN_IN_MESSAGES.deactivated);
    await withTenant({ tenantId: a.tenant.id }, (tx) => tx.update(users).set({ status: 'active' }).where(eq(users.id, a.users.viewer.id)));
  });

  it('refuses everyone of a suspended workspace', async () => {
    await configure(a);
    const started = await startSso(t.db, { slug: a.tenant.slug, mode: 'sign-in', tester: null });
    const callback = await signInAtProvider(started.redirect, 'editor-a', redirectUri(a.tenant.slug));
    await t.db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.id, a.tenant.id));
    try {
      const failure = await failureOfFlow(
        completeSso(t.db, { slug: a.tenant.slug, search: callback.searchParams, flowCookie: started.cookie, tester: null, meta: meta() }),
      );
      expect(failure.reason).toBe('tenant_suspended');
      expect(failure.message).toBe(SIGN_IN_MESSAGES.suspended);
      expect((await failureOfFlow(startSso(t.db, { slug: a.tenant.slug, mode: 'sign-in', tester: null }))).reason).toBe('tenant_suspended');
    } finally {
      await t.db.update(tenants).set({ status: 'active' }).where(eq(tenants.id, a.tenant.id));
    }
  });

  it('refuses a state mismatch, a replayed callback and a missing flow cookie', async () => {
    await configure(a);
    const { callback, cookie } = await runFlow(a, 'editor-a');
    // Replayed: the provider has already redeemed this code.
    const replay = await failureOfFlow(
      completeSso(t.db, { slug: a.tenant.slug, search: callback.searchParams, flowCookie: cookie, tester: null, meta: meta() }),
    );
    expect(replay.reason).toBe('token_invalid');
    const tampered = new URLSearchParams(callback.searchParams);
    tampered.set('state', 'someone-elses-state-value-0000000000');
    const mismatch = await failureOfFlow(
      completeSso(t.db, { slug: a.tenant.slug, search: tampered, flowCookie: cookie, tester: null, meta: meta() }),
    );
    expect(mismatch.reason).toBe('state_mismatch');
    const missing = await failureOfFlow(
      completeSso(t.db, { slug: a.tenant.slug, search: callback.searchParams, flowCookie: undefined, tester: null, meta: meta() }),
    );
    expect(missing.reason).toBe('flow_missing');
  });

  it('refuses an issuer on a private address through the egress rules, when saving and when signing in', async () => {
    const caller = callerFor(t.db, asUser(a, 'admin'));
    await expect(
      caller.sso.update({
        displayName: 'Internal',
        issuer: 'https://10.0.0.5/realms/x',
        clientId: 'x',
        clientSecret: 'y',
        allowedDomains: ['example.com'],
        jitRoleId: null,
        passwordsAllowed: true,
        enabled: true,
      }),
    ).rejects.toThrow(/10\.0\.0\.5 is a private network address/);
    // An issuer saved while loopback was allowed is refused once the operator withdraws it.
    await configure(a);
    const allowed = process.env.SSO_ALLOWED_HOSTS;
    process.env.SSO_ALLOWED_HOSTS = '';
    try {
      const failure = await failureOfFlow(startSso(t.db, { slug: a.tenant.slug, mode: 'sign-in', tester: null }));
      expect(failure.reason).toBe('egress_refused');
    } finally {
      process.env.SSO_ALLOWED_HOSTS = allowed;
    }
  });

  it('tells the sign-in page only whether SSO is on, the same for unknown workspaces', async () => {
    await configure(a);
    expect(await ssoDiscovery(t.db, a.tenant.slug)).toEqual({ sso: { displayName: 'Test IdP' }, passwordsAllowed: true });
    expect(await ssoDiscovery(t.db, 'no-such-workspace')).toEqual({ sso: null, passwordsAllowed: true });
    await configure(a, { enabled: false });
    expect(await ssoDiscovery(t.db, a.tenant.slug)).toEqual({ sso: null, passwordsAllowed: true });
    expect((await failureOfFlow(startSso(t.db, { slug: a.tenant.slug, mode: 'sign-in', tester: null }))).reason).toBe('sso_off');
  });
});

describe('the session an SSO sign-in creates', () => {
  it('is next-auth’s own token with the same claims, resolved and ended like a password session', async () => {
    await configure(a);
    const { outcome } = await runFlow(a, 'editor-a');
    if (outcome.kind !== 'signed-in') throw new Error('not signed in');
    const [cookie] = await sessionCookieHeaders(outcome.principal);
    expect(cookie).toMatch(/^next-auth\.session-token=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    const token = await decode({ token: cookie!.split(';')[0]!.split('=')[1], secret: process.env.NEXTAUTH_SECRET! });
    const claims = (token as { claims: SessionClaims }).claims;
    expect(claims).toMatchObject({ kind: 'user', id: a.users.editor.id, tenantId: a.tenant.id, sid: expect.any(String) });
    expect(await resolvePrincipal(t.db, claims)).toMatchObject({ ok: true, principal: { id: a.users.editor.id } });
    await endSession(t.db, claims, new Date(Date.now() + 3_600_000), meta());
    expect(await resolvePrincipal(t.db, claims)).toEqual({ ok: false, reason: 'unknown' });
  });
});

describe('Test sign-in and turning passwords off', () => {
  it('runs the flow for an admin without a session or a user, records the success, and then allows passwords off', async () => {
    await configure(a, { enabled: false });
    const admin = await principalOf(a, 'admin');
    await expect(configure(a, { passwordsAllowed: false })).rejects.toThrow(
      /only while single sign-on is on and a Test sign-in has succeeded/,
    );
    const failed = await failureOfFlow(runFlow(a, 'stranger-a', { mode: 'test', tester: admin }));
    expect(failed).toMatchObject({ reason: 'unknown_account', inTest: true });
    expect((await ssoRow(a)).lastTest).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no account in this workspace and provisioning is off/),
    });
    expect(await userByEmail(a, `stranger@${a.tenant.slug}.test`)).toBeUndefined();

    const ok = await runFlow(a, 'admin-a', { mode: 'test', tester: admin });
    expect(ok.outcome).toMatchObject({ kind: 'tested', ok: true });
    const row = await ssoRow(a);
    expect(row.testedAt).not.toBeNull();
    expect(row.testedBy).toBe(a.users.admin.id);
    expect(row.lastTest?.message).toMatch(/succeeded: the provider says admin@.* they would sign in as/);
    const [entry] = await audit(a.tenant.id, 'sso.test');
    expect(entry).toMatchObject({ status: 'success' });

    const settings = await configure(a, { clientSecret: undefined, passwordsAllowed: false, enabled: true });
    expect(settings).toMatchObject({ passwordsAllowed: false, enabled: true });
    expect(settings.testedAt).not.toBeNull();
    await expect(
      authenticate(t.db, { workspace: a.tenant.slug, email: a.users.editor.email, password: TEST_PASSWORD }, meta()),
    ).rejects.toThrow(/signs in with Test IdP, not passwords/);
    expect(await ssoDiscovery(t.db, a.tenant.slug)).toEqual({ sso: { displayName: 'Test IdP' }, passwordsAllowed: false });
    // Superadmins are not tenant users: their password sign-in is untouched.
    const { admin: root } = await createSuperadmin(t.db);
    expect(await authenticate(t.db, { email: root.email, password: TEST_PASSWORD }, meta())).toMatchObject({ kind: 'superadmin' });

    // Changing the provider clears the test, so passwords must come back on with it.
    await expect(configure(a, { clientId: 'console-a', clientSecret: 'another-secret', passwordsAllowed: false })).rejects.toThrow(
      /Test sign-in has succeeded/,
    );
    const reset = await configure(a);
    expect(reset.testedAt).toBeNull();
    await authenticate(t.db, { workspace: a.tenant.slug, email: a.users.editor.email, password: TEST_PASSWORD }, meta());
  });

  it('refuses a Test sign-in started by someone without settings:manage', async () => {
    await configure(a);
    const failure = await failureOfFlow(startSso(t.db, { slug: a.tenant.slug, mode: 'test', tester: await principalOf(a, 'editor') }));
    expect(failure.reason).toBe('tester_signed_out');
    expect((await failureOfFlow(startSso(t.db, { slug: a.tenant.slug, mode: 'test', tester: await principalOf(b, 'admin') }))).reason).toBe(
      'tester_signed_out',
    );
  });
});

describe('SSO settings through the tRPC caller', () => {
  it('never returns the client secret, and keeps it when the form leaves it out', async () => {
    const saved = await configure(a);
    expect(JSON.stringify(saved)).not.toContain(SECRET);
    expect(saved).toMatchObject({ hasClientSecret: true, redirectUri: redirectUri(a.tenant.slug) });
    const again = await configure(a, { clientSecret: undefined, displayName: 'Renamed' });
    expect(again).toMatchObject({ displayName: 'Renamed', hasClientSecret: true });
    const row = await ssoRow(a);
    expect(row.clientSecretEncrypted).not.toContain(SECRET);
    const [entry] = await audit(a.tenant.id, 'sso.settings_update');
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    // The kept secret still works.
    await configure(a);
    expect((await runFlow(a, 'editor-a')).outcome.kind).toBe('signed-in');
  });

  it('keeps each workspace’s settings to itself and to holders of settings:manage', async () => {
    await configure(a, { displayName: 'A’s provider' });
    const fromB = await callerFor(t.db, asUser(b, 'admin')).sso.get();
    expect(fromB.displayName).not.toBe('A’s provider');
    expect(await trpcCode(callerFor(t.db, asUser(a, 'editor')).sso.get())).toBe('FORBIDDEN');
    expect(
      await trpcCode(
        callerFor(t.db, asUser(a, 'viewer')).sso.update({
          displayName: 'x',
          issuer: idp.issuer,
          clientId: 'x',
          allowedDomains: ['x.com'],
          jitRoleId: null,
          passwordsAllowed: true,
          enabled: false,
        }),
      ),
    ).toBe('FORBIDDEN');
    // B's admin saving touches B's row only.
    await configure(b, { displayName: 'B’s provider' });
    expect((await ssoRow(a)).displayName).toBe('A’s provider');
  });

  it('refuses a provisioning role more powerful than the admin, a role of another workspace, and bad domains', async () => {
    const { roleIds } = a;
    const settingsOnly = await callerFor(t.db, asUser(a, 'admin')).roles.create({
      name: `settings-${ip}`,
      description: '',
      permissions: ['settings:manage'],
    });
    const limited = await withTenant({ tenantId: a.tenant.id }, async (tx) => {
      const [u] = await tx
        .insert(users)
        .values({
          tenantId: a.tenant.id,
          email: `limited-${ip}@${a.tenant.slug}.test`,
          fullName: 'Limited',
          hashedPassword: 'x',
          status: 'active',
        })
        .returning();
      await tx.insert(userRoles).values({ tenantId: a.tenant.id, userId: u!.id, roleId: settingsOnly.id });
      return u!;
    });
    const limitedCaller = callerFor(t.db, { kind: 'user', id: limited.id, tenantId: a.tenant.id });
    const input = {
      displayName: 'IdP',
      issuer: idp.issuer,
      clientId: 'console-a',
      clientSecret: SECRET,
      allowedDomains: ['a.example'],
      passwordsAllowed: true,
      enabled: true,
    };
    await expect(limitedCaller.sso.update({ ...input, jitRoleId: roleIds.admin })).rejects.toThrow(
      /cannot grant permissions you do not hold/,
    );
    await expect(limitedCaller.sso.update({ ...input, jitRoleId: b.roleIds.viewer })).rejects.toThrow(/no longer exists/);
    const options = await limitedCaller.sso.roleOptions();
    expect(options.find((r) => r.id === roleIds.admin)?.grantable).toBe(false);
    expect(options.find((r) => r.id === settingsOnly.id)?.grantable).toBe(true);
    // The role new people get cannot be deleted from under the settings.
    const adminCaller = callerFor(t.db, asUser(a, 'admin'));
    await adminCaller.sso.update({
      ...input,
      clientId: 'console-a',
      allowedDomains: [`${a.tenant.slug}.test`],
      jitRoleId: settingsOnly.id,
    });
    await expect(adminCaller.roles.delete({ id: settingsOnly.id })).rejects.toThrow(
      /role single sign-on gives people signing in for the first time/,
    );
    await adminCaller.sso.update({ ...input, clientId: 'console-a', allowedDomains: [`${a.tenant.slug}.test`], jitRoleId: null });
    await expect(limitedCaller.sso.update({ ...input, jitRoleId: null, allowedDomains: ['not a domain'] })).rejects.toThrow(
      /is not a domain name/,
    );
    expect(await trpcCode(limitedCaller.sso.update({ ...input, jitRoleId: null, allowedDomains: [] }))).toBe('BAD_REQUEST');
    const many = Array.from({ length: 21 }, (_, i) => `d${i}.example`);
    expect(await trpcCode(limitedCaller.sso.update({ ...input, jitRoleId: null, allowedDomains: many }))).toBe('BAD_REQUEST');
  });
});
