import { Badge } from '@/components/ui/Badge';
import { ACCESS_LEVELS, accessAllows } from '@/lib/access';
import type { AccessLevel, CollectionRow, Visibility } from './types';

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  tenant: 'Everyone in the workspace',
  restricted: 'Restricted',
};

export const VISIBILITY_HINTS: Record<Visibility, string> = {
  tenant: 'Everyone who can read documents in this workspace can see it and its documents.',
  restricted: 'Only people you grant access, admins and its creator can see it and its documents — in lists, search, chat and citations.',
};

export const LEVEL_LABELS: Record<AccessLevel, string> = { read: 'Read', write: 'Write', admin: 'Admin' };
export const LEVELS = ACCESS_LEVELS;

/** What each level adds, in one line (the server decides the same way: lib/access.ts). */
export const LEVEL_HINTS: Record<AccessLevel, string> = {
  read: 'Sees it and its documents in lists, search, chat and citations, and opens and downloads them.',
  write: 'Also uploads into it, renames and edits it, and reprocesses or deletes its documents.',
  admin: 'Also decides who can see it and who has access, and can delete it.',
};

/**
 * What the user may do with a collection: their role (`canWrite` = documents:write, `canManageUsers`
 * = users:manage) and, when it is restricted, their own level on it. `reason` says why editing
 * or deleting is not offered when the role would allow it.
 */
export function collectionAbilities(c: CollectionRow, role: { canWrite: boolean; canManageUsers: boolean }) {
  const restricted = c.visibility === 'restricted';
  const access = { restricted, level: c.myLevel };
  const edit = role.canWrite && accessAllows(access, 'write');
  const remove = role.canWrite && accessAllows(access, 'admin');
  const share = (role.canWrite || role.canManageUsers) && accessAllows(access, 'share');
  const reason =
    role.canWrite && !remove
      ? edit
        ? 'You have write access: deleting it needs admin access.'
        : `You have ${c.myLevel ?? 'no'} access: changing it needs write access.`
      : null;
  return { edit, remove, share, reason };
}

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
