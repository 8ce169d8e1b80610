import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { roles, tenants, tenantSso, userRoles, users } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import type { EgressOptions } from '@/server/ai/egress';
import { decryptSecret, SECRET_FIELDS } from '@/server/ai/secrets';
import { writeAudit } from '@/server/audit/write';
import { hashPassword } from '@/server/auth/password';
import { LIVE_TENANT_STATUSES, userPrincipal } from '@/server/auth/principal';
import { MAX_USER_AGENT_LENGTH, SIGN_IN_MESSAGES, type SignedIn } from '@/server/auth/sign-in';
import type { Principal, RequestMeta } from '@/server/auth/types';
import { loadPermissions } from '@/server/roles/permissions';
import { emailDomain, isAllowedEmail } from './domains';
import { domainNotAllowed, failureOf, SSO_MESSAGES, SsoFailure } from './failures';
import { openFlow, sealFlow } from './flow-cookie';
import { authorizationRequest, discover, redeemCode, type Identity } from './oidc';
import type { SsoDiscovery } from './schema';

/**
 * One SSO attempt, from the sign-in page (or the Settings card's Test sign-in) to a session:
 * `startSso` sends the browser to the provider with a sealed flow cookie, `completeSso` checks
 * what comes back and says who signs in. Users are matched by verified e-mail within the
 * workspace whose SSO was used, never another; every outcome is audited in that workspace.
 */

type SsoRow = typeof tenantSso.$inferSelect;
type TenantRow = typeof tenants.$inferSelect;

async function findTenant(db: Db, slug: string): Promise<TenantRow | undefined> {
  const normalized = slug.trim().toLowerCase();
  if (!/^[a-z0-9-]{1,48}$/.test(normalized)) return undefined;
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, normalized)).limit(1);
  return tenant && tenant.status !== 'deleted' ? tenant : undefined;
}

async function readSso(db: Db, tenantId: string): Promise<SsoRow | undefined> {
  return withTenant(
    { tenantId },
    async (tx) => {
      const [row] = await tx.select().from(tenantSso).where(eq(tenantSso.tenantId, tenantId)).limit(1);
      return row;
    },
    db,
  );
}

/**
 * What the sign-in page may show for a workspace. An unknown workspace answers exactly like one
 * without SSO, so the page is no oracle of which workspaces exist.
 */
export async function ssoDiscovery(db: Db, slug: string): Promise<SsoDiscovery> {
  const tenant = await findTenant(db, slug);
  const sso = tenant ? await readSso(db, tenant.id) : undefined;
  if (!sso?.enabled) return { sso: null, passwordsAllowed: true };
  return { sso: { displayName: sso.displayName }, passwordsAllowed: sso.passwordsAllowed };
}

function providerOf(tenantId: string, row: SsoRow) {
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: decryptSecret(row.clientSecretEncrypted, row.keyVersion, { tenantId, field: SECRET_FIELDS.ssoClientSecret }),
  };
}

export type SsoMode = 'sign-in' | 'test';

/** A Test sign-in is run by someone who may manage this workspace's settings. */
export function mayTest(principal: Principal | null, tenantId: string): principal is Principal {
  if (!principal) return false;
  if (principal.kind === 'superadmin') return principal.acting?.tenantId === tenantId;
  return principal.tenantId === tenantId && principal.permissions.includes('settings:manage');
}

export type SsoStart = { redirect: URL; cookie: string };

/**
 * The provider's authorization URL for this workspace and the sealed flow for the callback.
 * Sign-in needs SSO turned on; a test runs before it is.
 */
export async function startSso(
  db: Db,
  input: { slug: string; mode: SsoMode; tester: Principal | null },
  egress: EgressOptions = {},
): Promise<SsoStart> {
  const tenant = await findTenant(db, input.slug);
  const sso = tenant ? await readSso(db, tenant.id) : undefined;
  if (!tenant || !sso || (input.mode === 'sign-in' && !sso.enabled)) throw new SsoFailure('sso_off', SSO_MESSAGES.off);
  if (input.mode === 'test' && !mayTest(input.tester, tenant.id)) throw new SsoFailure('tester_signed_out', SSO_MESSAGES.testerSignedOut);
  if (input.mode === 'sign-in' && !LIVE_TENANT_STATUSES.has(tenant.status))
    throw new SsoFailure('tenant_suspended', SIGN_IN_MESSAGES.suspended);
  let config;
  try {
    config = await discover(providerOf(tenant.id, sso), egress);
  } catch (error) {
    const failure = failureOf(error);
    if (input.mode === 'test') {
      const message = `Test sign-in failed: ${failure.detail ?? failure.message}`;
      await recordTest(db, tenant.id, sso.updatedAt.getTime(), { ok: false, message, email: null });
      failure.inTest = true;
    }
    throw failure;
  }
  const auth = await authorizationRequest(config, tenant.slug);
  const cookie = sealFlow({
    state: auth.state,
    nonce: auth.nonce,
    verifier: auth.verifier,
    tenantId: tenant.id,
    slug: tenant.slug,
    mode: input.mode,
    testerId: input.mode === 'test' && input.tester ? input.tester.id : null,
    configStamp: sso.updatedAt.getTime(),
  });
  return { redirect: auth.url, cookie };
}

export type SsoOutcome =
  { kind: 'signed-in'; principal: Extract<SignedIn, { kind: 'user' }> } | { kind: 'tested'; ok: boolean; message: string; slug: string };

type Match = { kind: 'existing'; user: typeof users.$inferSelect } | { kind: 'provision'; roleId: string; roleName: string };

/**
 * Checks the provider's answer and decides who signs in. Throws SsoFailure (audited) when the
 * answer does not verify or the person may not sign in; in test mode it never creates a session
 * or a user, and records what it found on the settings instead.
 */
export async function completeSso(
  db: Db,
  input: { slug: string; search: URLSearchParams; flowCookie: string | undefined; tester: Principal | null; meta: RequestMeta },
  egress: EgressOptions = {},
): Promise<SsoOutcome> {
  const flow = openFlow(input.flowCookie);
  const tenant = await findTenant(db, input.slug);
  // A flow started for another workspace is not this one's: nothing of it is used here.
  if (!flow || !tenant || flow.tenantId !== tenant.id) {
    if (tenant) await audit(db, tenant.id, input.meta, { status: 'denied', action: 'sso.sign_in', payload: { reason: 'flow_missing' } });
    throw new SsoFailure('flow_missing', SSO_MESSAGES.flowMissing);
  }
  const test = flow.mode === 'test';
  const fail = async (failure: SsoFailure, identity?: Identity): Promise<never> => {
    await audit(db, tenant.id, input.meta, {
      status: 'denied',
      action: test ? 'sso.test' : 'sso.sign_in',
      label: identity?.email ?? null,
      payload: {
        reason: failure.reason,
        ...(identity ? { email: identity.email, subject: identity.subject } : {}),
        ...(failure.detail ? { detail: failure.detail } : {}),
      },
    });
    if (test) {
      const message = `Test sign-in failed: ${failure.detail ?? failure.message}`;
      await recordTest(db, tenant.id, flow.configStamp, { ok: false, message, email: identity?.email ?? null });
      const tested = new SsoFailure(failure.reason, message, failure.detail);
      tested.inTest = true;
      throw tested;
    }
    throw failure;
  };

  if (test && (!mayTest(input.tester, tenant.id) || input.tester.id !== flow.testerId))
    return fail(new SsoFailure('tester_signed_out', SSO_MESSAGES.testerSignedOut));
  const sso = await readSso(db, tenant.id);
  if (!sso || (!test && !sso.enabled)) return fail(new SsoFailure('sso_off', SSO_MESSAGES.off));
  if (input.search.get('state') !== flow.state)
    return fail(
      new SsoFailure('state_mismatch', SSO_MESSAGES.flowMissing, 'The answer belongs to another sign-in attempt (state mismatch).'),
    );

  let identity: Identity;
  try {
    const config = await discover(providerOf(tenant.id, sso), egress);
    identity = await redeemCode(config, tenant.slug, input.search, flow);
  } catch (error) {
    return fail(failureOf(error));
  }

  if (!identity.email)
    return fail(
      new SsoFailure('email_missing', SSO_MESSAGES.emailMissing, 'The ID token has no email claim: add the email scope for this client.'),
      identity,
    );
  if (!identity.emailVerified)
    return fail(
      new SsoFailure(
        'email_unverified',
        SSO_MESSAGES.emailUnverified,
        `The provider says ${identity.email} but not that it is verified (email_verified is not true).`,
      ),
      identity,
    );
  if (!isAllowedEmail(identity.email, sso.allowedDomains)) {
    const domain = emailDomain(identity.email);
    return fail(
      new SsoFailure(
        'domain_not_allowed',
        domainNotAllowed(domain),
        `${identity.email}: ${domain ?? 'its domain'} is not one of the allowed domains (${sso.allowedDomains.join(', ')}).`,
      ),
      identity,
    );
  }
  if (!LIVE_TENANT_STATUSES.has(tenant.status)) return fail(new SsoFailure('tenant_suspended', SIGN_IN_MESSAGES.suspended), identity);

  const match = await matchUser(db, tenant.id, identity.email, sso.jitRoleId);
  if (!match)
    return fail(
      new SsoFailure(
        'unknown_account',
        SSO_MESSAGES.unknownAccount,
        `${identity.email} has no account in this workspace and provisioning is off.`,
      ),
      identity,
    );
  if (match.kind === 'existing' && match.user.status === 'deactivated')
    return fail(
      new SsoFailure('user_deactivated', SIGN_IN_MESSAGES.deactivated, `${identity.email} matches a deactivated user.`),
      identity,
    );

  if (test) {
    const who =
      match.kind === 'existing'
        ? `they would sign in as ${match.user.fullName || match.user.email}${match.user.status === 'invited' ? ' (invited: signing in accepts the invitation)' : ''}`
        : `they would be added with the role “${match.roleName}”`;
    const message = `Test sign-in succeeded: the provider says ${identity.email} (verified); ${who}.`;
    await audit(db, tenant.id, input.meta, {
      status: 'success',
      action: 'sso.test',
      label: identity.email,
      payload: { email: identity.email, subject: identity.subject },
    });
    await recordTest(
      db,
      tenant.id,
      flow.configStamp,
      { ok: true, message, email: identity.email },
      input.tester?.kind === 'user' ? input.tester.id : null,
    );
    return { kind: 'tested', ok: true, message, slug: tenant.slug };
  }
  return signIn(db, tenant, sso, identity, match, input.meta);
}

async function matchUser(db: Db, tenantId: string, email: string, jitRoleId: string | null): Promise<Match | null> {
  return withTenant(
    { tenantId },
    async (tx) => {
      // This workspace only, by the lower-cased address: an account elsewhere is never found.
      const [user] = await tx
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.email, email)))
        .limit(1);
      if (user) return { kind: 'existing', user } as const;
      if (!jitRoleId) return null;
      const [role] = await tx
        .select({ id: roles.id, name: roles.name })
        .from(roles)
        .where(and(eq(roles.tenantId, tenantId), eq(roles.id, jitRoleId)))
        .limit(1);
      return role ? ({ kind: 'provision', roleId: role.id, roleName: role.name } as const) : null;
    },
    db,
  );
}

/**
 * Signs the person in: an existing user (an invited one accepts the invitation, since the
 * provider verified the address) or, with provisioning on, a new active user with the configured
 * role. SSO users get an unusable random password: the schema keeps every active user a password
 * hash, and "Forgot password" stays the only way to set one, where passwords are allowed.
 */
async function signIn(db: Db, tenant: TenantRow, sso: SsoRow, identity: Identity, match: Match, meta: RequestMeta) {
  const email = identity.email!;
  const unusable =
    match.kind === 'provision' || !match.user.hashedPassword ? await hashPassword(randomBytes(32).toString('base64url')) : null;
  return withTenant(
    { tenantId: tenant.id },
    async (tx) => {
      let user: typeof users.$inferSelect;
      if (match.kind === 'existing') {
        const [updated] = await tx
          .update(users)
          .set({
            lastLoginAt: new Date(),
            ...(match.user.status === 'invited' ? { status: 'active' as const } : {}),
            ...(unusable ? { hashedPassword: unusable } : {}),
          })
          .where(and(eq(users.tenantId, tenant.id), eq(users.id, match.user.id), eq(users.status, match.user.status)))
          .returning();
        if (!updated) throw new SsoFailure('user_deactivated', SIGN_IN_MESSAGES.deactivated);
        user = updated;
      } else {
        const [created] = await tx
          .insert(users)
          .values({
            tenantId: tenant.id,
            email,
            fullName: identity.name ?? '',
            hashedPassword: unusable!,
            status: 'active',
            lastLoginAt: new Date(),
          })
          .returning();
        user = created!;
        await tx.insert(userRoles).values({ tenantId: tenant.id, userId: user.id, roleId: match.roleId });
        await writeAudit(tx, {
          ...auditMeta(meta),
          tenantId: tenant.id,
          actorType: 'system',
          actorLabel: `single sign-on (${sso.displayName})`,
          action: 'sso.provision',
          resourceType: 'user',
          resourceId: user.id,
          status: 'success',
          payload: { email, role: match.roleName, roleId: match.roleId, subject: identity.subject, issuer: sso.issuer },
        });
      }
      await writeAudit(tx, {
        ...auditMeta(meta),
        tenantId: tenant.id,
        actorType: 'user',
        actorId: user.id,
        actorLabel: `${email} (${tenant.slug})`,
        action: 'sso.sign_in',
        status: 'success',
        payload: {
          email,
          subject: identity.subject,
          issuer: sso.issuer,
          ...(match.kind === 'provision' ? { provisioned: true } : {}),
          ...(match.kind === 'existing' && match.user.status === 'invited' ? { acceptedInvitation: true } : {}),
        },
      });
      const permissions = await loadPermissions(tx, tenant.id, user.id);
      return {
        kind: 'signed-in',
        principal: userPrincipal(user, tenant, permissions),
      } as const;
    },
    db,
  );
}

function auditMeta(meta: RequestMeta) {
  return {
    ipAddress: meta.ip,
    userAgent: meta.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
    correlationId: meta.correlationId?.slice(0, 100) ?? null,
  };
}

async function audit(
  db: Db,
  tenantId: string,
  meta: RequestMeta,
  entry: { status: 'success' | 'denied'; action: string; label?: string | null; payload: Record<string, unknown> },
) {
  await withTenant(
    { tenantId },
    (tx) =>
      writeAudit(tx, {
        ...auditMeta(meta),
        tenantId,
        actorType: 'system',
        actorLabel: entry.label ? `${entry.label} (single sign-on)` : 'single sign-on',
        action: entry.action,
        status: entry.status,
        payload: entry.payload,
      }),
    db,
  );
}

/** The Test sign-in's result on the settings; a success counts only for the settings it tested. */
async function recordTest(
  db: Db,
  tenantId: string,
  configStamp: number,
  result: { ok: boolean; message: string; email: string | null },
  testerUserId: string | null = null,
) {
  await withTenant(
    { tenantId },
    async (tx) => {
      const [row] = await tx
        .select({ updatedAt: tenantSso.updatedAt })
        .from(tenantSso)
        .where(eq(tenantSso.tenantId, tenantId))
        .for('update');
      if (!row) return;
      const current = row.updatedAt.getTime() === configStamp;
      const lastTest = {
        ...result,
        ok: result.ok && current,
        message: current ? result.message : 'The settings changed while the test ran. Run Test sign-in again.',
        at: new Date().toISOString(),
      };
      // updated_at is left as it was: it stamps the settings a test is for.
      await tx
        .update(tenantSso)
        .set({ lastTest, updatedAt: row.updatedAt, ...(lastTest.ok ? { testedAt: new Date(), testedBy: testerUserId } : {}) })
        .where(eq(tenantSso.tenantId, tenantId));
    },
    db,
  );
}
