import { z } from 'zod';
import { MAIL_KINDS, MAIL_STATUSES } from '@/lib/enums';
import { pageInput } from '@/server/shared/pagination';

/** The mail domain's contracts: a message to send, how its delivery went, and the outbox list. */

export type MailKind = (typeof MAIL_KINDS)[number];
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** One e-mail to one person: plain text and HTML of the same content. */
export type MailMessage = {
  /** The workspace it concerns (shown in the outbox); null for platform mail. */
  tenantId: string | null;
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
};

/** What the person who caused a message learns about it (never the SMTP error itself). */
export const mailDeliveryOutput = z.object({ to: z.string(), status: z.enum(MAIL_STATUSES) });
export type MailDelivery = z.infer<typeof mailDeliveryOutput> & { id: string; error: string | null };

export const outboxListInput = z.object({
  search: z.string().trim().max(200).optional(),
  status: z.enum(MAIL_STATUSES).optional(),
  ...pageInput,
});
export type OutboxListInput = z.infer<typeof outboxListInput>;

export const outboxEntryOutput = z.object({
  id: z.uuid(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  tenant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).nullable(),
  recipient: z.string(),
  kind: z.string(),
  subject: z.string(),
  status: z.enum(MAIL_STATUSES),
  error: z.string().nullable(),
  textBody: z.string(),
});
