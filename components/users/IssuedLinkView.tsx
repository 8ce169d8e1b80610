import { CopyField } from '@/components/ui/CopyField';
import { formatDateTime, formatRelative } from '@/lib/format';
import type { SentLink } from './types';

const note = 'rounded-md p-3 text-sm';
const success = `${note} bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100`;
const warning = `${note} bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100`;

/**
 * Where a one-time link (invitation or password reset) went: e-mailed, not sent (the e-mail
 * failed), or held in the platform outbox because e-mail is not configured, then with the link
 * itself for whoever may see it.
 */
export function IssuedLinkView({ what, label, link }: { what: 'invitation' | 'password reset link'; label: string; link: SentLink }) {
  const to = link.delivery.to;
  const expires = `It works once and expires ${formatDateTime(link.expiresAt)} (${formatRelative(link.expiresAt)}).`;
  if (link.delivery.status === 'sent') {
    return (
      <p role="status" className={success}>
        We e-mailed {what === 'invitation' ? 'an invitation' : 'a password reset link'} to <strong>{to}</strong>. {expires}
      </p>
    );
  }
  if (link.delivery.status === 'failed' || link.delivery.status === 'queued') {
    return (
      <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
        The {what} was created, but the e-mail to <strong>{to}</strong> could not be sent. A platform superadmin can see why in the outbox.
        Try again from the user’s menu (“Resend invitation” or “Reset password”) once e-mail works.
      </p>
    );
  }
  if (!link.url) {
    return (
      <p role="status" className={warning}>
        The {what} for <strong>{to}</strong> was created. E-mail is not configured on this console, so the message waits in the platform
        outbox for a superadmin to pass on. Only someone who holds every permission {to} holds can see the link here.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <p role="status" className={warning}>
        {what === 'invitation' ? (
          <>
            <strong>{to}</strong> is invited.
          </>
        ) : (
          <>
            A password reset link for <strong>{to}</strong> is ready.
          </>
        )}{' '}
        E-mail is not configured on this console, so nothing was sent: copy this link and give it to them yourself.
      </p>
      <CopyField label={label} value={link.url} hint={`${expires} It is not shown again.`} />
    </div>
  );
}
