import { permissionLabel } from '@/lib/permissions';
import { Badge } from './Badge';

/** A permission as people read it ("Manage users"); the code is the tooltip, for those who look for it. */
export function PermissionBadge({ permission }: { permission: string }) {
  return (
    <span title={permission}>
      <Badge>{permissionLabel(permission)}</Badge>
    </span>
  );
}
