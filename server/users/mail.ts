import 'server-only';
import { renderMail } from '@/server/mail/render';
import type { MailMessage } from '@/server/mail/schema';
import { TOKEN_LIFETIME_HOURS } from './tokens';

type LinkMail = {
  tenantId: string;
  tenantSlug: string;
  to: string;
  fullName: string;
  url: string;
  /** Who asked for it, as the audit log names them (an email, or an API key's name). */
  sentBy: string;
};

const greeting = (fullName: string) => (fullName ? `Hello ${fullName},` : 'Hello,');
const ignore = 'If you did not expect this e-mail, you can ignore it; nothing changes until the link is used.';

/** The invitation to a workspace: the link lets them choose a password and sign in. */
export function invitationMail(m: LinkMail): MailMessage {
  const days = TOKEN_LIFETIME_HOURS.invite / 24;
  return {
    tenantId: m.tenantId,
    kind: 'invite',
    to: m.to,
    subject: `You are invited to the ${m.tenantSlug} workspace on AgenticOmni Console`,
    ...renderMail({
      greeting: greeting(m.fullName),
      paragraphs: [
        `${m.sentBy} invited you to the workspace “${m.tenantSlug}” on AgenticOmni Console.`,
        `Open the link below to choose your password. You then sign in with the workspace “${m.tenantSlug}” and this e-mail address.`,
      ],
      action: { label: 'Accept the invitation', url: m.url },
      notes: [`The link works once and expires in ${days} days.`, ignore],
    }),
  };
}

/** A password reset: the link lets them choose a new password; the old one works until then. */
export function passwordResetMail(m: LinkMail): MailMessage {
  return {
    tenantId: m.tenantId,
    kind: 'password_reset',
    to: m.to,
    subject: `Reset your password for the ${m.tenantSlug} workspace`,
    ...renderMail({
      greeting: greeting(m.fullName),
      paragraphs: [
        `${m.sentBy} sent you a link to choose a new password for the workspace “${m.tenantSlug}” on AgenticOmni Console.`,
        'Your current password keeps working until you use the link.',
      ],
      action: { label: 'Choose a new password', url: m.url },
      notes: [`The link works once and expires in ${TOKEN_LIFETIME_HOURS.password_reset} hours.`, ignore],
    }),
  };
}

/** A reset link the person asked for themself on the sign-in page ("Forgot password?"). */
export function selfServiceResetMail(m: Omit<LinkMail, 'sentBy'>): MailMessage {
  return {
    tenantId: m.tenantId,
    kind: 'password_reset',
    to: m.to,
    subject: `Reset your password for the ${m.tenantSlug} workspace`,
    ...renderMail({
      greeting: greeting(m.fullName),
      paragraphs: [
        `Someone, probably you, asked for a link to choose a new password for ${m.to} in the workspace “${m.tenantSlug}” on AgenticOmni Console.`,
        'Your current password keeps working until you use the link.',
      ],
      action: { label: 'Choose a new password', url: m.url },
      notes: [
        `The link works once and expires in ${TOKEN_LIFETIME_HOURS.password_reset} hours.`,
        'If you did not ask for it, ignore this e-mail: nothing changes until the link is used.',
      ],
    }),
  };
}
