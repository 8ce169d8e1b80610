import type { Permission } from '@/lib/enums';

/**
 * The permissions the roles `from` give that the roles `to` do not: what a member loses by
 * changing their own roles, in the order the roles list them. A permission another kept role
 * still gives is not lost.
 */
export function permissionsLost(roles: ReadonlyArray<{ id: string; permissions: readonly Permission[] }>, from: string[], to: string[]) {
  const union = (ids: string[]) => new Set(roles.filter((r) => ids.includes(r.id)).flatMap((r) => r.permissions));
  const after = union(to);
  return [...union(from)].filter((p) => !after.has(p));
}
