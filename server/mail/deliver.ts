import 'server-only';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { getDb, type Db } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import type { AfterCommit } from '@/server/auth/types';
import { mailConfig, smtpUrlProblem } from './config';
import type { MailDelivery, MailMessage } from './schema';

// A mail server that does not answer must not hold a request for nodemailer's default minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

async function sendSmtp(smtpUrl: string, from: string, message: MailMessage): Promise<void> {
  const problem = smtpUrlProblem(smtpUrl);
  if (problem) throw new Error(problem);
  const transport = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS });
  try {
    const info = await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    if (info.rejected.length > 0) throw new Error(`The mail server refused the recipient ${message.to}.`);
  } finally {
    transport.close();
  }
}

/**
 * Records `message` in the outbox and delivers it now: over SMTP when configured (the row ends
 * `sent`, or `failed` with the server's error), else it is `held` there for a superadmin to read.
 * Runs on the privileged connection and outside any transaction, so call it only after the
 * transaction that made the message true has committed. An SMTP failure is reported, not thrown.
 */
export async function deliverMail(message: MailMessage, db: Db = getDb()): Promise<MailDelivery> {
  const { smtpUrl, from } = mailConfig();
  const row = {
    tenantId: message.tenantId,
    kind: message.kind,
    recipient: message.to,
    subject: message.subject,
    textBody: message.text,
    htmlBody: message.html,
  };
  if (!smtpUrl) {
    const [held] = await db
      .insert(mailOutbox)
      .values({ ...row, status: 'held' })
      .returning({ id: mailOutbox.id });
    return { id: held!.id, to: message.to, status: 'held', error: null };
  }
  const [queued] = await db.insert(mailOutbox).values(row).returning({ id: mailOutbox.id });
  let error: string | null = null;
  try {
    await sendSmtp(smtpUrl, from, message);
  } catch (caught) {
    error = errorText(caught);
    console.error(`e-mail ${queued!.id} (${message.kind}) could not be sent:`, error);
  }
  const status = error ? ('failed' as const) : ('sent' as const);
  await db
    .update(mailOutbox)
    .set({ status, error, sentAt: error ? null : new Date() })
    .where(eq(mailOutbox.id, queued!.id));
  return { id: queued!.id, to: message.to, status, error };
}

/**
 * For notices nobody waits on (GDPR, quotas): the message is recorded and sent once the current
 * transaction has committed, and not at all when it rolls back.
 */
export function sendMail(ctx: { afterCommit: AfterCommit }, message: MailMessage): void {
  ctx.afterCommit(() => deliverMail(message));
}
