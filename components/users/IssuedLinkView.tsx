import { CopyField } from '@/components/ui/CopyField';
import { formatDateTime, formatRelative } from '@/lib/format';
import type { IssuedLink } from './types';

/** A one-time link (invitation or password reset), shown once, with when it stops working. */
export function IssuedLinkView({ label, link, intro }: { label: string; link: IssuedLink; intro: string }) {
  return (
    <div className="space-y-3">
      <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
        {intro}
      </p>
      <CopyField
        label={label}
        value={link.url}
        hint={`Works once. Expires ${formatDateTime(link.expiresAt)} (${formatRelative(link.expiresAt)}). It is not shown again.`}
      />
    </div>
  );
}
