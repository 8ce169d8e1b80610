import 'server-only';
import { createHmac, hkdfSync } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { auditLogs, systemAdmins, tenants, users } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { loadPermissions } from '@/server/roles/permissions';
import { userPrincipal } from './principal';
import { passwordsRefused } from '@/server/sso/passwords';
import { verifyPassword } from './password';
import type { Principal, RequestMeta } from './types';

export const SIGN_IN_WINDOW_MINUTES = 15;
/** Failures for one account from one address: a stranger elsewhere cannot lock the owner out. */
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
/** Failures from one address across accounts: guessing many accounts from one place. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** What an unauthenticated request may write to the audit log, at most. */
export const MAX_USER_AGENT_LENGTH = 256;
const MAX_CORRELATION_ID_LENGTH = 100;

export const SIGN_IN_MESSAGES = {
  invalid: 'Wrong workspace, email or password.',
  rateLimited: `Too many failed sign-in attempts. Try again in ${SIGN_IN_WINDOW_MINUTES} minutes.`,
  deactivated: 'This account has been deactivated. Ask an admin of your workspace to reactivate it.',
  invited: 'This account is not active yet. Use the invitation link you received to set a password.',
  suspended: 'This workspace is suspended. Contact your platform administrator.',
  malformed: 'Enter your email and password.',
} as const;

/** A workspace that signs in only through its identity provider. */
export function passwordsOffMessage(provider: string): string {
  return `This workspace signs in with ${provider}, not passwords. Use “Continue with ${provider}”.`;
}

export class SignInError extends Error {
  override name = 'SignInError';
}

export const signInInput = z.object({
  workspace: z
    .string()
    .trim()
    .toLowerCase()
    .max(48)
    .optional()
    .transform((v) => (v ? v : undefined)),
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(1024),
});

/** The account an attempt was for, as shown in the audit log (only when that account exists). */
function accountLabel(workspace: string | undefined, email: string) {
  return `${email} (${workspace ?? 'platform'})`;
}

/** How the audit log names an attempt on an account that does not exist: never by the typed e-mail. */
function unknownAccountLabel(workspace: string | undefined) {
  return `unknown account (${workspace ?? 'platform'})`;
}

/**
 * The account an attempt names, as a keyed hash (HMAC with a key derived from NEXTAUTH_SECRET):
 * throttling counts attempts on an account by it, so the audit log need not keep an e-mail that
 * someone typed for an account that does not exist, and the hash cannot be reversed by guessing
 * e-mails without the secret.
 */
export function accountDigest(workspace: string | undefined, email: string): string {
  const secret = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
  if (!secret) throw new Error('Set NEXTAUTH_SECRET before signing anyone in.');
  const key = Buffer.from(hkdfSync('sha256', secret, 'agenticomni', 'sign-in-account-v1', 32));
  return createHmac('sha256', key)
    .update(`${workspace ?? ''}\n${email}`)
    .digest('base64url');
}

/**
 * Failed attempts in the window, per (account, address) and per address. Not per account alone:
 * failures from another address never lock the owner out, the superadmin included. A request
 * without a known address counts as one address of its own.
 */
async function isRateLimited(db: Db, account: string, ip: string | null): Promise<boolean> {
  const since = sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const failed = and(eq(auditLogs.action, 'auth.sign_in'), sql`${auditLogs.status} <> 'success'`, gt(auditLogs.createdAt, since));
  const [row] = await db
    .select({
      account: sql<number>`count(*) filter (where ${auditLogs.payload}->>'account' = ${account})::int`,
      address: sql<number>`count(*)::int`,
    })
    .from(auditLogs)
    .where(and(failed, sql`${auditLogs.ipAddress} is not distinct from ${ip}`));
  return (row?.account ?? 0) >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS || (row?.address ?? 0) >= MAX_FAILURES_PER_ADDRESS;
}

/**
 * Checks credentials and returns who signed in, or throws a SignInError whose message is safe
 * to show. Every attempt, successful or not, is written to the audit log.
 */
export type SignedIn = Extract<Principal, { kind: 'superadmin' | 'user' }>;

export async function authenticate(db: Db, raw: unknown, meta: RequestMeta): Promise<SignedIn> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) throw new SignInError(SIGN_IN_MESSAGES.malformed);
  const { workspace, email, password } = parsed.data;
  const account = accountDigest(workspace, email);

  // The account named, found before anything else so the audit log can tell whether it exists;
  // the password is checked only once throttling let the attempt through.
  const [admin] = workspace ? [] : await db.select().from(systemAdmins).where(eq(systemAdmins.email, email)).limit(1);
  const [found] = workspace ? await db.select().from(tenants).where(eq(tenants.slug, workspace)).limit(1) : [];
  const tenant = found && found.status !== 'deleted' ? found : undefined;
  const user = tenant
    ? await withTenant(
        { tenantId: tenant.id },
        async (tx) => {
          const [row] = await tx
            .select()
            .from(users)
            .where(and(eq(users.tenantId, tenant.id), eq(users.email, email)))
            .limit(1);
          return row;
        },
        db,
      )
    : undefined;
  const known = Boolean(workspace ? user : admin);

  // Written before anyone is signed in: what the request typed is capped, and an e-mail that
  // names no account is never kept.
  const base = {
    action: 'auth.sign_in',
    actorLabel: known ? accountLabel(workspace, email) : unknownAccountLabel(workspace),
    ipAddress: meta.ip,
    userAgent: meta.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
    correlationId: meta.correlationId?.slice(0, MAX_CORRELATION_ID_LENGTH) ?? null,
  };
  const named = known ? { workspace: workspace ?? null, email, account } : { workspace: workspace ?? null, account };

  const fail = async (reason: string, message: string): Promise<never> => {
    const entry = {
      ...base,
      tenantId: tenant?.id ?? null,
      actorType: workspace ? ('user' as const) : ('superadmin' as const),
      actorId: (workspace ? user?.id : admin?.id) ?? null,
      status: 'denied' as const,
      payload: { ...named, reason },
    };
    // Never nest: with the embedded database's single connection a nested transaction would wait forever.
    if (entry.tenantId) await withTenant({ tenantId: entry.tenantId }, (tx) => writeAudit(tx, entry), db);
    else await withSystem((tx) => writeAudit(tx, entry), db);
    throw new SignInError(message);
  };

  if (await isRateLimited(db, account, meta.ip)) return fail('rate_limited', SIGN_IN_MESSAGES.rateLimited);

  if (!workspace) {
    if (!(await verifyPassword(admin?.hashedPassword, password)) || !admin) {
      return fail(admin ? 'bad_credentials' : 'unknown_account', SIGN_IN_MESSAGES.invalid);
    }
    await withSystem(async (tx) => {
      await tx.update(systemAdmins).set({ lastLoginAt: new Date() }).where(eq(systemAdmins.id, admin.id));
      await writeAudit(tx, { ...base, tenantId: null, actorType: 'superadmin', actorId: admin.id, status: 'success', payload: named });
    }, db);
    return { kind: 'superadmin', id: admin.id, email: admin.email, name: admin.fullName, acting: null };
  }

  if (!tenant) {
    await verifyPassword(null, password);
    return fail('unknown_workspace', SIGN_IN_MESSAGES.invalid);
  }
  // Told before the password is checked: whether a workspace takes passwords is public (its sign-in page shows it).
  const ssoOnly = await withTenant({ tenantId: tenant.id }, (tx) => passwordsRefused(tx, tenant.id), db);
  if (ssoOnly) return fail('password_disabled', passwordsOffMessage(ssoOnly.displayName));
  if (!user || !(await verifyPassword(user.hashedPassword, password))) {
    return fail(user ? 'bad_credentials' : 'unknown_account', SIGN_IN_MESSAGES.invalid);
  }
  // The password was right: now the account's state may be told without leaking anything.
  if (tenant.status === 'suspended') return fail('tenant_suspended', SIGN_IN_MESSAGES.suspended);
  if (user.status === 'deactivated') return fail('user_deactivated', SIGN_IN_MESSAGES.deactivated);
  if (user.status !== 'active') return fail('user_not_active', SIGN_IN_MESSAGES.invited);

  const permissions = await withTenant(
    { tenantId: tenant.id, userId: user.id },
    async (tx) => {
      await tx
        .update(users)
        .set({ lastLoginAt: new Date() })
        .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
      await writeAudit(tx, { ...base, tenantId: tenant.id, actorType: 'user', actorId: user.id, status: 'success', payload: named });
      return loadPermissions(tx, tenant.id, user.id);
    },
    db,
  );
  return userPrincipal(user, tenant, permissions);
}
