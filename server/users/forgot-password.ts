import 'server-only';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLogs, tenants, users } from '@/db/schema';
import { withSystem } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { LIVE_TENANT_STATUSES } from '@/server/auth/principal';
import { accountDigest, MAX_USER_AGENT_LENGTH } from '@/server/auth/sign-in';
import type { RequestMeta } from '@/server/auth/types';
import { deliverMail } from '@/server/mail/deliver';
import type { MailMessage } from '@/server/mail/schema';
import { AppError } from '@/server/shared/errors';
import { selfServiceResetMail } from './mail';
import type { ForgotPasswordInput } from './schema';
import { issueUserToken, TOKEN_LIFETIME_HOURS } from './tokens';

export const FORGOT_WINDOW_MINUTES = 15;
/** Links per account in the window: more would only fill someone's inbox. Counted whether or not the account exists. */
export const MAX_RESET_REQUESTS_PER_ACCOUNT = 3;
/** Requests from one address in the window, across accounts: someone probing many addresses. */
export const MAX_RESET_REQUESTS_PER_ADDRESS = 10;

export const FORGOT_PASSWORD_ANSWER = `If that workspace has an active account with this e-mail address, we have sent it a link to choose a new password. The link works once and expires in ${TOKEN_LIFETIME_HOURS.password_reset} hours. Nothing arrived? Check your spam folder, or ask an admin of your workspace.`;
export const FORGOT_PASSWORD_THROTTLED = `Too many password reset requests from your network. Try again in ${FORGOT_WINDOW_MINUTES} minutes.`;

const ACTION = 'auth.password_reset_request';

async function recentRequests(db: Db, account: string, ip: string | null) {
  const since = sql`now() - make_interval(mins => ${FORGOT_WINDOW_MINUTES})`;
  const [row] = await db
    .select({
      account: sql<number>`count(*) filter (where ${auditLogs.payload}->>'account' = ${account})::int`,
      address: sql<number>`count(*) filter (where ${auditLogs.ipAddress} is not distinct from ${ip})::int`,
    })
    .from(auditLogs)
    .where(and(eq(auditLogs.action, ACTION), gt(auditLogs.createdAt, since)));
  return { account: row?.account ?? 0, address: row?.address ?? 0 };
}

/**
 * "Forgot password?": e-mails a one-time reset link to an active account of a live workspace.
 * The answer is the same sentence whether or not the account exists (and the mail is sent after
 * the answer, so its timing tells nothing either); only too many requests from one address are
 * refused, which says nothing about any account. Every request is audited, with the account as a
 * keyed hash, never an e-mail that names no one.
 */
export async function requestPasswordReset(
  { rootDb, meta }: { rootDb: Db; meta: RequestMeta },
  input: ForgotPasswordInput,
): Promise<{ message: string }> {
  const { workspace, email } = input;
  const account = accountDigest(workspace, email);
  const counts = await recentRequests(rootDb, account, meta.ip);
  if (counts.address >= MAX_RESET_REQUESTS_PER_ADDRESS) throw new AppError('TOO_MANY_REQUESTS', FORGOT_PASSWORD_THROTTLED);

  const mail = await withSystem(async (tx): Promise<MailMessage | null> => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.slug, workspace)).limit(1);
    const live = tenant && LIVE_TENANT_STATUSES.has(tenant.status) ? tenant : undefined;
    const [user] = live
      ? await tx
          .select()
          .from(users)
          .where(and(eq(users.tenantId, live.id), eq(users.email, email)))
          .limit(1)
      : [];
    const reason = !live
      ? 'unknown_workspace'
      : !user
        ? 'unknown_account'
        : user.status !== 'active'
          ? `user_${user.status}`
          : counts.account >= MAX_RESET_REQUESTS_PER_ACCOUNT
            ? 'rate_limited'
            : null;
    const entry = {
      tenantId: live?.id ?? null,
      actorType: 'user' as const,
      actorId: user?.id ?? null,
      actorLabel: user ? `${email} (${workspace})` : `unknown account (${workspace})`,
      action: ACTION,
      resourceType: 'user',
      resourceId: user?.id ?? null,
      ipAddress: meta.ip,
      userAgent: meta.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      correlationId: meta.correlationId?.slice(0, 100) ?? null,
    };
    if (reason || !user || !live) {
      await writeAudit(tx, { ...entry, status: 'denied', payload: { workspace, account, reason } });
      return null;
    }
    const link = await issueUserToken(tx, { tenantId: live.id, userId: user.id, purpose: 'password_reset', createdBy: null });
    await writeAudit(tx, {
      ...entry,
      status: 'success',
      payload: { workspace, email, account, expiresAt: link.expiresAt.toISOString() },
    });
    return selfServiceResetMail({ tenantId: live.id, tenantSlug: live.slug, to: user.email, fullName: user.fullName, url: link.url });
  }, rootDb);

  // After the commit, and not awaited: a slow mail server must not make a real account's answer slower.
  if (mail) {
    void deliverMail(mail, rootDb).catch((error: unknown) => console.error('password reset e-mail could not be recorded:', error));
  }
  return { message: FORGOT_PASSWORD_ANSWER };
}
