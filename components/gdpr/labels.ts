import type { inferRouterOutputs } from '@trpc/server';
import type { Tone } from '@/components/ui/Badge';
import type { AppRouter } from '@/server/trpc/root';

export type GdprRequest = inferRouterOutputs<AppRouter>['gdpr']['get'];
export type GdprStatus = GdprRequest['status'];
export type GdprType = GdprRequest['type'];

export const TYPE_LABELS: Record<GdprType, string> = {
  access: 'Access',
  portability: 'Portability',
  erasure: 'Erasure',
  rectification: 'Rectification',
  restriction: 'Restriction',
};

/** What each type asks for, in the words of the regulation's articles. */
export const TYPE_DESCRIPTIONS: Record<GdprType, string> = {
  access: 'A copy of their personal data and how it is processed (Art. 15).',
  portability: 'Their data in a machine-readable file to take elsewhere (Art. 20).',
  erasure: 'Erase everything about them: account, chats, uploads and every copy (Art. 17).',
  rectification: 'Correct data about them that is wrong (Art. 16); done by an admin.',
  restriction: 'Stop processing their data for a while (Art. 18); done by an admin.',
};

export const STATUS_LABELS: Record<GdprStatus, string> = {
  received: 'Received',
  identity_verified: 'Identity verified',
  approved: 'Approved',
  processing: 'Processing',
  completed: 'Completed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

export const STATUS_TONES: Record<GdprStatus, Tone> = {
  received: 'neutral',
  identity_verified: 'info',
  approved: 'info',
  processing: 'info',
  completed: 'success',
  rejected: 'danger',
  cancelled: 'neutral',
};

export const URGENCY_LABELS: Record<GdprRequest['urgency'], string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  on_time: 'On time',
  closed: 'Closed',
};

export const URGENCY_TONES: Record<GdprRequest['urgency'], Tone> = {
  overdue: 'danger',
  due_soon: 'warning',
  on_time: 'neutral',
  closed: 'neutral',
};

/** The person a request is about, as a line of text. */
export function subjectLabel(r: Pick<GdprRequest, 'subject'>): string {
  if (r.subject.email) return r.subject.name ? `${r.subject.name} (${r.subject.email})` : r.subject.email;
  return r.subject.pseudonym ? `Erased person ${r.subject.pseudonym.slice(0, 12)}` : 'Unknown person';
}
