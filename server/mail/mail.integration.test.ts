import type { AddressInfo } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '@/db/schema';
import { freePort } from '@/db/embedded';
import { withTenant } from '@/db/tenant';
import { authenticate } from '@/server/auth/sign-in';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { sqlState } from '@/test/pg-error';
import {
  apiKeyCaller,
  asUser,
  callerFor,
  createSuperadmin,
  createTenantFixture,
  lastAuditEntry,
  trpcCode,
  withServiceContext,
  type Fixture,
} from '@/test/fixtures';
import { sendMail } from './deliver';

let t: TestDatabase;
let f: Fixture;
const meta = { ip: '127.0.0.60', userAgent: 'vitest', correlationId: null };

/** A real SMTP server on loopback that keeps what it receives, and refuses `refuse-*` recipients. */
type Received = { to: string[]; mail: ParsedMail };
let smtp: SMTPServer;
let smtpPort: number;
const received: Received[] = [];

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 's3cret') callback(null, { user: 'mailer' });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (!address.address.startsWith('refuse-')) return callback();
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
  await t?.stop();
});
afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
});

const useSmtp = () => {
  process.env.SMTP_URL = `smtp://mailer:s3cret@127.0.0.1:${smtpPort}`;
  process.env.MAIL_FROM = 'Console <console@mail.test>';
};
const admin = () => callerFor(t.db, asUser(f, 'admin'));
const uniqueEmail = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}@${f.tenant.slug}.test`;
const tokenOf = (text: string, path: 'invite' | 'reset-password') => {
  const match = new RegExp(`https?://\\S+/${path}/([A-Za-z0-9_-]{43})`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1]!;
};
const outboxOf = (recipient: string) =>
  t.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, recipient)).orderBy(desc(mailOutbox.createdAt));

describe('with SMTP configured', () => {
  it('e-mails an invitation whose link activates the account; the response does not show the link', async () => {
    useSmtp();
    const email = uniqueEmail('smtp-invite');
    const { user, invitation } = await admin().users.invite({ email, fullName: 'Sam Smtp', roleIds: [f.roleIds.editor] });
    expect(invitation).toMatchObject({ url: null, delivery: { to: email, status: 'sent' } });

    const message = received.find((r) => r.to.includes(email));
    expect(message?.mail.subject).toBe(`You are invited to the ${f.tenant.slug} workspace on AgenticOmni Console`);
    expect(message?.mail.from?.value).toEqual([{ address: 'console@mail.test', name: 'Console' }]);
    expect(message?.mail.text).toContain('Hello Sam Smtp,');
    const token = tokenOf(message!.mail.text ?? '', 'invite');
    expect(message?.mail.html).toContain(`/invite/${token}`);
    const [row] = await outboxOf(email);
    expect(row).toMatchObject({ tenantId: f.tenant.id, kind: 'invite', status: 'sent', error: null });
    expect(row?.sentAt).toBeInstanceOf(Date);

    await callerFor(t.db, null).auth.redeemToken({ token, password: 'chosen-by-sam', fullName: 'Sam Smtp' });
    await expect(admin().users.get({ id: user.id })).resolves.toMatchObject({ status: 'active' });
  });

  it("e-mails a new tenant's first admin their invitation once the tenant exists; the superadmin is told, not shown the link", async () => {
    useSmtp();
    const { claims } = await createSuperadmin(t.db);
    const slug = `mailed-${crypto.randomUUID().slice(0, 8)}`;
    const email = `first-admin@${slug}.test`;
    const { invitation } = await callerFor(t.db, claims).tenants.create({ name: 'Mailed Co', slug, plan: 'trial', adminEmail: email });
    expect(invitation).toMatchObject({ url: null, delivery: { to: email, status: 'queued' } });
    const message = received.find((r) => r.to.includes(email));
    expect(message?.mail.subject).toBe(`You are invited to the ${slug} workspace on AgenticOmni Console`);
    tokenOf(message!.mail.text ?? '', 'invite');
    expect(await outboxOf(email)).toMatchObject([{ kind: 'invite', status: 'sent' }]);
  });

  it('e-mails a password reset link that replaces the password', async () => {
    useSmtp();
    const link = await admin().users.resetPassword({ id: f.users.viewer.id });
    expect(link).toMatchObject({ purpose: 'password_reset', url: null, delivery: { to: f.users.viewer.email, status: 'sent' } });
    const message = received.findLast((r) => r.to.includes(f.users.viewer.email));
    expect(message?.mail.subject).toBe(`Reset your password for the ${f.tenant.slug} workspace`);
    const token = tokenOf(message!.mail.text ?? '', 'reset-password');
    await callerFor(t.db, null).auth.redeemToken({ token, password: 'a-brand-new-password' });
    await expect(
      authenticate(t.db, { workspace: f.tenant.slug, email: f.users.viewer.email, password: 'a-brand-new-password' }, meta),
    ).resolves.toMatchObject({ kind: 'user' });
  });

  it('records a refused recipient as failed, keeps the invitation and tells the admin the e-mail was not sent', async () => {
    useSmtp();
    const email = uniqueEmail('refuse');
    const { user, invitation } = await admin().users.invite({ email, fullName: '', roleIds: [] });
    expect(invitation).toMatchObject({ url: null, delivery: { to: email, status: 'failed' } });
    // The tenant admin learns that it failed, never the mail server's own words.
    expect(JSON.stringify(invitation)).not.toMatch(/\b550\b|Mailbox unavailable/);
    const [row] = await outboxOf(email);
    expect(row).toMatchObject({ status: 'failed', sentAt: null });
    expect(row?.error).toMatch(/550 Mailbox unavailable/);
    await expect(admin().users.get({ id: user.id })).resolves.toMatchObject({ email, status: 'invited' });
  });

  it('records an unreachable mail server as failed with its error, and the invitation still exists', async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
    const email = uniqueEmail('unreachable');
    const { user, invitation } = await admin().users.invite({ email, fullName: '', roleIds: [] });
    expect(invitation.delivery.status).toBe('failed');
    expect(invitation.url).toBeNull();
    const [row] = await outboxOf(email);
    expect(row).toMatchObject({ status: 'failed' });
    expect(row?.error).toMatch(/ECONNREFUSED/);
    expect(await lastAuditEntry(f, 'user.invite')).toMatchObject({ status: 'success', resourceId: user.id });
  });

  it('records wrong credentials and a URL that is not SMTP as failed', async () => {
    process.env.SMTP_URL = `smtp://mailer:wrong@127.0.0.1:${smtpPort}`;
    const wrongLogin = await admin().users.resetPassword({ id: f.users.editor.id });
    expect(wrongLogin.delivery.status).toBe('failed');
    expect((await outboxOf(f.users.editor.email))[0]?.error).toMatch(/Invalid username or password/);
    process.env.SMTP_URL = `http://127.0.0.1:${smtpPort}`;
    await admin().users.resetPassword({ id: f.users.editor.id });
    expect((await outboxOf(f.users.editor.email))[0]?.error).toBe('SMTP_URL must start with smtp:// or smtps://, not http://.');
  });
});

describe('without SMTP: the outbox', () => {
  it('holds the message and shows the link to a human admin who outranks the target', async () => {
    const email = uniqueEmail('outbox');
    const { invitation } = await admin().users.invite({ email, fullName: 'Olive', roleIds: [f.roleIds.viewer] });
    expect(invitation.delivery).toEqual({ to: email, status: 'held' });
    const token = tokenOf(invitation.url ?? '', 'invite');
    const [row] = await outboxOf(email);
    expect(row).toMatchObject({ kind: 'invite', status: 'held', error: null, sentAt: null });
    expect(row?.textBody).toContain(invitation.url);

    const { claims } = await createSuperadmin(t.db);
    const page = await callerFor(t.db, claims).mail.outbox({ search: email, page: 1, pageSize: 20 });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      recipient: email,
      kind: 'invite',
      status: 'held',
      tenant: { id: f.tenant.id, slug: f.tenant.slug },
      subject: `You are invited to the ${f.tenant.slug} workspace on AgenticOmni Console`,
    });
    expect(page.items[0]?.textBody).toContain(`/invite/${token}`);
  });

  it('lists newest first and pages on the server', async () => {
    const email = uniqueEmail('paged');
    for (let i = 0; i < 3; i++) await admin().users.resetPassword({ id: f.users.editor.id });
    await admin().users.invite({ email, fullName: '', roleIds: [] });
    const { claims } = await createSuperadmin(t.db);
    const first = await callerFor(t.db, claims).mail.outbox({ page: 1, pageSize: 5 });
    expect(first.items[0]?.recipient).toBe(email);
    expect(first.items.length).toBe(5);
    expect(first.total).toBeGreaterThan(5);
    const times = first.items.map((i) => i.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const held = await callerFor(t.db, claims).mail.outbox({ status: 'held', page: 2, pageSize: 5 });
    expect(held.items.every((i) => i.status === 'held')).toBe(true);
    expect(held.page).toBe(2);
  });

  it('is for superadmins only: a tenant admin is FORBIDDEN and RLS keeps a tenant transaction out', async () => {
    expect(await trpcCode(admin().mail.outbox({ page: 1, pageSize: 20 }))).toBe('FORBIDDEN');
    const read = withTenant({ tenantId: f.tenant.id, userId: f.users.admin.id }, (tx) => tx.select().from(mailOutbox).limit(1));
    expect(await sqlState(read)).toBe('42501');
    const write = withTenant({ tenantId: f.tenant.id }, (tx) =>
      tx
        .insert(mailOutbox)
        .values({ tenantId: f.tenant.id, kind: 'invite', recipient: 'x@x.test', subject: 's', textBody: 't', htmlBody: 'h' }),
    );
    expect(await sqlState(write)).toBe('42501');
  });

  it('never shows the link to an API key, though the person still gets the e-mail', async () => {
    const { key } = await admin().apiKeys.create({
      name: 'provisioning',
      scopes: ['users:manage', 'documents:read', 'chat:use', 'usage:read'],
      expiresInDays: 30,
    });
    const bot = apiKeyCaller(t.db, key);
    const email = uniqueEmail('by-key');
    const { invitation } = await bot.users.invite({ email, fullName: '', roleIds: [f.roleIds.viewer] });
    expect(invitation).toMatchObject({ url: null, delivery: { to: email, status: 'held' } });
    const reset = await bot.users.resetPassword({ id: f.users.viewer.id });
    expect(reset).toMatchObject({ url: null, delivery: { to: f.users.viewer.email, status: 'held' } });
    expect(JSON.stringify([invitation, reset])).not.toMatch(/\/(invite|reset-password)\//);
    const [row] = await outboxOf(email);
    expect(row?.textBody).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
    // The e-mail names no key: it comes from "an administrator".
    expect(row?.textBody).toContain('An administrator invited you');
  });

  it('never shows the link to someone who does not hold all of the target’s permissions', async () => {
    const helpdesk = await admin().roles.create({
      name: `helpdesk-${crypto.randomUUID().slice(0, 6)}`,
      description: '',
      permissions: ['users:manage', 'documents:read', 'chat:use', 'usage:read'],
    });
    const agent = await admin().users.create({
      email: uniqueEmail('agent'),
      fullName: 'Agent',
      password: 'agent-password-1',
      roleIds: [helpdesk.id],
    });
    const asAgent = callerFor(t.db, { kind: 'user', tenantId: f.tenant.id, id: agent.id });
    const onAdmin = await asAgent.users.resetPassword({ id: f.users.admin.id });
    expect(onAdmin).toMatchObject({ url: null, delivery: { to: f.users.admin.email, status: 'held' } });
    expect((await outboxOf(f.users.admin.email))[0]?.textBody).toMatch(/\/reset-password\//);
    // A viewer holds nothing the help desk lacks: the agent sees that link.
    const onViewer = await asAgent.users.resetPassword({ id: f.users.viewer.id });
    expect(onViewer.url).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
  });

  it('sends nothing for an invitation that was rolled back', async () => {
    expect(await trpcCode(admin().users.invite({ email: f.users.viewer.email.toUpperCase(), fullName: '', roleIds: [] }))).toBe('CONFLICT');
    const before = await outboxOf(f.users.viewer.email);
    expect(before.every((r) => r.kind === 'password_reset')).toBe(true);
  });

  it('sendMail records a notice once its transaction commits, and not at all when it rolls back', async () => {
    const notice = (to: string) => ({
      tenantId: f.tenant.id,
      kind: 'invite' as const,
      to,
      subject: 'A notice',
      text: 'Body',
      html: '<p>Body</p>',
    });
    const kept = uniqueEmail('committed');
    const dropped = uniqueEmail('rolled-back');
    await withServiceContext(t.db, asUser(f, 'admin'), async (ctx) => sendMail(ctx, notice(kept)));
    await withServiceContext(t.db, asUser(f, 'admin'), async (ctx) => {
      sendMail(ctx, notice(dropped));
      throw new Error('changed my mind');
    }).catch(() => {});
    expect(await outboxOf(kept)).toHaveLength(1);
    expect(await outboxOf(dropped)).toHaveLength(0);
  });
});
