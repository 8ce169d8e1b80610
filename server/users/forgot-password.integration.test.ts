import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, mailOutbox, userTokens } from '@/db/schema';
import { authenticate } from '@/server/auth/sign-in';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, TEST_PASSWORD, trpcCode, type Fixture } from '@/test/fixtures';
import {
  FORGOT_PASSWORD_ANSWER,
  FORGOT_PASSWORD_THROTTLED,
  MAX_RESET_REQUESTS_PER_ACCOUNT,
  MAX_RESET_REQUESTS_PER_ADDRESS,
} from './forgot-password';
import { hashToken } from './tokens';

/**
 * "Forgot password?" through the tRPC caller, as the sign-in page calls it before anyone is
 * signed in: the real mail outbox, one-time tokens and the audit log.
 */
let t: TestDatabase;
let a: Fixture;
let b: Fixture;
let address = 0;
const previousTrust = process.env.TRUST_PEER_HEADER;

beforeAll(async () => {
  // The launcher's peer header names the caller's address, so each test can come from its own.
  process.env.TRUST_PEER_HEADER = '1';
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
  b = await createTenantFixture(t.db);
});
afterAll(async () => {
  process.env.TRUST_PEER_HEADER = previousTrust;
  await t?.stop();
});

/** A caller with nobody signed in, from a fresh address (or the one given). */
function anonymous(ip = `198.51.100.${++address}`) {
  return callerFor(t.db, null, { headers: { 'x-agenticomni-peer': ip } });
}

async function mailsTo(to: string) {
  return t.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, to)).orderBy(desc(mailOutbox.createdAt));
}

/** The mail is recorded after the answer; wait for it (never for long). */
async function nextMail(to: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await mailsTo(to);
    if (rows.length >= count) return rows[0]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no e-mail to ${to}`);
}

const linkIn = (text: string) => /\/reset-password\/([\w-]{20,})/.exec(text)?.[1] ?? '';

describe('auth.requestPasswordReset', () => {
  it('e-mails an active account a one-time link that sets a new password and works once', async () => {
    const f = await createTenantFixture(t.db);
    const email = f.users.editor.email;
    const answer = await anonymous().auth.requestPasswordReset({
      workspace: ` ${f.tenant.slug.toUpperCase()} `,
      email: email.toUpperCase(),
    });
    expect(answer).toEqual({ message: FORGOT_PASSWORD_ANSWER });

    const mail = await nextMail(email, 1);
    expect(mail).toMatchObject({ kind: 'password_reset', status: 'held', tenantId: f.tenant.id });
    expect(mail.textBody).toContain('probably you');
    const token = linkIn(mail.textBody);
    expect(token).not.toBe('');

    const anon = anonymous();
    await expect(anon.auth.inspectToken({ token })).resolves.toMatchObject({ purpose: 'password_reset', email, tenantSlug: f.tenant.slug });
    await anon.auth.redeemToken({ token, password: 'a-brand-new-password' });
    await expect(
      authenticate(
        t.db,
        { workspace: f.tenant.slug, email, password: 'a-brand-new-password' },
        { ip: null, userAgent: null, correlationId: null },
      ),
    ).resolves.toMatchObject({ id: f.users.editor.id });
    // Single use: the same link is dead now.
    expect(await trpcCode(anon.auth.redeemToken({ token, password: 'another-password-2' }))).toBe('NOT_FOUND');

    const [audit] = await t.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.tenantId, f.tenant.id), eq(auditLogs.action, 'auth.password_reset_request')))
      .orderBy(desc(auditLogs.seq))
      .limit(1);
    expect(audit).toMatchObject({ status: 'success', actorId: f.users.editor.id });
  });

  it('gives the same answer for an unknown address, workspace or inactive account, and sends nothing', async () => {
    const before = await t.db.select().from(mailOutbox);
    const unknowns = [
      { workspace: a.tenant.slug, email: `nobody-${Date.now()}@example.test` },
      { workspace: `no-such-${Date.now()}`, email: a.users.admin.email },
      // Another tenant's user, named in this workspace.
      { workspace: a.tenant.slug, email: b.users.viewer.email },
    ];
    for (const input of unknowns) {
      await expect(anonymous().auth.requestPasswordReset(input)).resolves.toEqual({ message: FORGOT_PASSWORD_ANSWER });
    }
    const f = await createTenantFixture(t.db);
    await callerFor(t.db, asUser(f, 'admin')).users.deactivate({ id: f.users.viewer.id });
    await expect(anonymous().auth.requestPasswordReset({ workspace: f.tenant.slug, email: f.users.viewer.email })).resolves.toEqual({
      message: FORGOT_PASSWORD_ANSWER,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.db.select().from(mailOutbox)).toHaveLength(before.length);
    // The unknown address itself is never kept in the audit log.
    const entries = await t.db.select().from(auditLogs).where(eq(auditLogs.action, 'auth.password_reset_request'));
    expect(JSON.stringify(entries)).not.toContain(unknowns[0]!.email);
  });

  it('refuses bad input with a sentence', async () => {
    const bad = await anonymous()
      .auth.requestPasswordReset({ workspace: a.tenant.slug, email: 'not-an-address' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'BAD_REQUEST' });
    expect((bad as Error).message).toContain('Enter a valid email address.');
    expect(await trpcCode(anonymous().auth.requestPasswordReset({ workspace: '', email: a.users.admin.email }))).toBe('BAD_REQUEST');
  });

  it('sends an account at most a few links in the window, answering the same, and refuses an address that asks too often', async () => {
    const f = await createTenantFixture(t.db);
    const email = f.users.viewer.email;
    for (let i = 0; i < MAX_RESET_REQUESTS_PER_ACCOUNT + 2; i++) {
      await expect(anonymous().auth.requestPasswordReset({ workspace: f.tenant.slug, email })).resolves.toEqual({
        message: FORGOT_PASSWORD_ANSWER,
      });
    }
    await nextMail(email, MAX_RESET_REQUESTS_PER_ACCOUNT);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailsTo(email)).toHaveLength(MAX_RESET_REQUESTS_PER_ACCOUNT);
    // Only the newest link works: each new one replaced the one before.
    const live = await t.db
      .select()
      .from(userTokens)
      .where(and(eq(userTokens.tenantId, f.tenant.id), eq(userTokens.userId, f.users.viewer.id)));
    expect(live).toHaveLength(1);
    expect(live[0]!.tokenHash).toBe(hashToken(linkIn((await mailsTo(email))[0]!.textBody)));

    const ip = '198.51.100.250';
    for (let i = 0; i < MAX_RESET_REQUESTS_PER_ADDRESS; i++) {
      await anonymous(ip).auth.requestPasswordReset({ workspace: f.tenant.slug, email: `probe-${i}@example.test` });
    }
    const refused = await anonymous(ip)
      .auth.requestPasswordReset({ workspace: f.tenant.slug, email: f.users.admin.email })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: FORGOT_PASSWORD_THROTTLED });
    // Another address is not held back by it.
    await expect(anonymous().auth.requestPasswordReset({ workspace: f.tenant.slug, email: f.users.admin.email })).resolves.toEqual({
      message: FORGOT_PASSWORD_ANSWER,
    });
  });

  it('lets a link expire', async () => {
    const f = await createTenantFixture(t.db);
    const email = f.users.admin.email;
    await anonymous().auth.requestPasswordReset({ workspace: f.tenant.slug, email });
    const token = linkIn((await nextMail(email, 1)).textBody);
    await t.db
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userTokens.tokenHash, hashToken(token)));
    expect(await trpcCode(anonymous().auth.inspectToken({ token }))).toBe('NOT_FOUND');
    expect(await trpcCode(anonymous().auth.redeemToken({ token, password: 'too-late-password' }))).toBe('NOT_FOUND');
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email, password: TEST_PASSWORD }, { ip: null, userAgent: null, correlationId: null }),
    ).resolves.toMatchObject({ id: f.users.admin.id });
  });
});
