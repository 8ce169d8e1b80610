import 'server-only';
import { publicBaseUrl } from '@/server/shared/links';

/** How the console sends e-mail: over SMTP when `SMTP_URL` is set, else into the outbox only. */
export type MailConfig = { smtpUrl: string | null; from: string };

/**
 * The one place that reads the mail settings from the environment. Read at send time, so a test
 * points it at its own SMTP server by setting the variables, and nothing is cached.
 */
export function mailConfig(env: Record<string, string | undefined> = process.env): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  const from = env.MAIL_FROM?.trim() || `AgenticOmni Console <no-reply@${new URL(publicBaseUrl()).hostname}>`;
  return { smtpUrl, from };
}

/** Why an SMTP_URL cannot be used, as a sentence for the outbox; null when it looks right. */
export function smtpUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'SMTP_URL is not a valid URL (expected smtp://user:password@host:port).';
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    return `SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//.`;
  }
  return null;
}
