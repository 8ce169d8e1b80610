import { Badge, type Tone } from '@/components/ui/Badge';
import type { UserStatus } from './types';

const STATUS: Record<UserStatus, { label: string; tone: Tone }> = {
  invited: { label: 'Invited', tone: 'info' },
  active: { label: 'Active', tone: 'success' },
  deactivated: { label: 'Deactivated', tone: 'neutral' },
};

export const STATUS_LABELS = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, v.label])) as Record<UserStatus, string>;

export function UserStatusBadge({ status }: { status: UserStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}
