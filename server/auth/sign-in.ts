import 'server-only';
import { and, eq, gt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { auditLogs, systemAdmins, tenants, users } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { loadPermissions } from '@/server/roles/permissions';
import { verifyPassword } from './password';
import type { Principal, RequestMeta } from './types';

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export const SIGN_IN_MESSAGES = {
  invalid: 'Wrong workspace, email or password.',
  rateLimited: `Too many failed sign-in attempts. Try again in ${SIGN_IN_WINDOW_MINUTES} minutes.`,
  deactivated: 'This account has been deactivated. Ask an admin of your workspace to reactivate it.',
  invited: 'This account is not active yet. Use the invitation link you received to set a password.',
  suspended: 'This workspace is suspended. Contact your platform administrator.',
  malformed: 'Enter your email and password.',
} as const;

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

/** The account an attempt was for, as shown in the audit log and counted for throttling. */
function accountKey(workspace: string | undefined, email: string) {
  return `${email} (${workspace ?? 'platform'})`;
}

async function isRateLimited(db: Db, key: string, ip: string | null): Promise<boolean> {
  const since = sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const failed = and(eq(auditLogs.action, 'auth.sign_in'), sql`${auditLogs.status} <> 'success'`, gt(auditLogs.createdAt, since));
  const [row] = await db
    .select({
      account: sql<number>`count(*) filter (where ${auditLogs.actorLabel} = ${key})::int`,
      address: ip ? sql<number>`count(*) filter (where ${auditLogs.ipAddress} = ${ip})::int` : sql<number>`0`,
    })
    .from(auditLogs)
    .where(and(failed, ip ? or(eq(auditLogs.actorLabel, key), eq(auditLogs.ipAddress, ip)) : eq(auditLogs.actorLabel, key)));
  return (row?.account ?? 0) >= MAX_FAILURES_PER_ACCOUNT || (row?.address ?? 0) >= MAX_FAILURES_PER_IP;
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
  const key = accountKey(workspace, email);
  const base = {
    action: 'auth.sign_in',
    actorLabel: key,
    ipAddress: meta.ip,
    userAgent: meta.userAgent,
    correlationId: meta.correlationId,
  };

  const fail = async (tenantId: string | null, reason: string, message: string, actorId?: string): Promise<never> => {
    const entry = {
      ...base,
      tenantId,
      actorType: workspace ? ('user' as const) : ('superadmin' as const),
      actorId: actorId ?? null,
      status: 'denied' as const,
      payload: { workspace: workspace ?? null, email, reason },
    };
    // Never nest: with the embedded database's single connection a nested transaction would wait forever.
    if (tenantId) await withTenant({ tenantId }, (tx) => writeAudit(tx, entry), db);
    else await withSystem((tx) => writeAudit(tx, entry), db);
    throw new SignInError(message);
  };

  if (await isRateLimited(db, key, meta.ip)) {
    return fail(null, 'rate_limited', SIGN_IN_MESSAGES.rateLimited);
  }

  if (!workspace) {
    const [admin] = await db.select().from(systemAdmins).where(eq(systemAdmins.email, email)).limit(1);
    if (!(await verifyPassword(admin?.hashedPassword, password)) || !admin) {
      return fail(null, 'bad_credentials', SIGN_IN_MESSAGES.invalid, admin?.id);
    }
    await withSystem(async (tx) => {
      await tx.update(systemAdmins).set({ lastLoginAt: new Date() }).where(eq(systemAdmins.id, admin.id));
      await writeAudit(tx, {
        ...base,
        tenantId: null,
        actorType: 'superadmin',
        actorId: admin.id,
        status: 'success',
        payload: { email },
      });
    }, db);
    return { kind: 'superadmin', id: admin.id, email: admin.email, name: admin.fullName, acting: null };
  }

  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, workspace)).limit(1);
  if (!tenant || tenant.status === 'deleted') {
    await verifyPassword(null, password);
    return fail(null, 'unknown_workspace', SIGN_IN_MESSAGES.invalid);
  }
  const user = await withTenant(
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
  );
  if (!user || !(await verifyPassword(user.hashedPassword, password))) {
    return fail(tenant.id, 'bad_credentials', SIGN_IN_MESSAGES.invalid, user?.id);
  }
  // The password was right: now the account's state may be told without leaking anything.
  if (tenant.status === 'suspended') return fail(tenant.id, 'tenant_suspended', SIGN_IN_MESSAGES.suspended, user.id);
  if (user.status === 'deactivated') return fail(tenant.id, 'user_deactivated', SIGN_IN_MESSAGES.deactivated, user.id);
  if (user.status !== 'active') return fail(tenant.id, 'user_not_active', SIGN_IN_MESSAGES.invited, user.id);

  const permissions = await withTenant(
    { tenantId: tenant.id, userId: user.id },
    async (tx) => {
      await tx
        .update(users)
        .set({ lastLoginAt: new Date() })
        .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
      await writeAudit(tx, {
        ...base,
        tenantId: tenant.id,
        actorType: 'user',
        actorId: user.id,
        status: 'success',
        payload: { email },
      });
      return loadPermissions(tx, tenant.id, user.id);
    },
    db,
  );
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    name: user.fullName,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    tenantName: tenant.name,
    permissions,
  };
}
