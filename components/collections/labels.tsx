import { Badge } from '@/components/ui/Badge';
import type { AccessLevel, Visibility } from './types';

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  tenant: 'Everyone in the workspace',
  restricted: 'Restricted',
};

export const VISIBILITY_HINTS: Record<Visibility, string> = {
  tenant: 'Everyone who can read documents in this workspace can see it and its documents.',
  restricted: 'Only people you grant access, admins and its creator can see it and its documents — in lists, search, chat and citations.',
};

export const LEVEL_LABELS: Record<AccessLevel, string> = { read: 'Read', write: 'Write', admin: 'Admin' };
export const LEVELS = Object.keys(LEVEL_LABELS) as AccessLevel[];

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  return (
    <Badge tone={visibility === 'restricted' ? 'warning' : 'neutral'}>
      {visibility === 'restricted' ? (
        <svg aria-hidden width="10" height="10" viewBox="0 0 16 16" fill="currentColor" className="mr-1">
          <path d="M8 1a4 4 0 0 0-4 4v2H3a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-1V5a4 4 0 0 0-4-4Zm-2 6V5a2 2 0 1 1 4 0v2H6Z" />
        </svg>
      ) : null}
      {VISIBILITY_LABELS[visibility]}
    </Badge>
  );
}
