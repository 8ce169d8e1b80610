/**
 * What a grant level lets someone do on a restricted collection or document. One definition for
 * the server (server/access) and the console, which hides what the user cannot do; the database
 * decides the same way (`app_can()`, migration grant-levels-functions).
 */

export const ACCESS_LEVELS = ['read', 'write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * `read`, `write` and `admin` matter only on restricted resources (elsewhere the role decides);
 * `share` (visibility and grants) needs the admin level on any resource.
 */
export type AccessNeed = AccessLevel | 'share';

const RANK: Record<AccessLevel, number> = { read: 1, write: 2, admin: 3 };

/** `level` is the user's own level on the resource (creator or users:manage count as admin), null without one. */
export function accessAllows(resource: { restricted: boolean; level: AccessLevel | null }, need: AccessNeed): boolean {
  const held = resource.level ? RANK[resource.level] : 0;
  if (need === 'share') return held === RANK.admin;
  return !resource.restricted || held >= RANK[need];
}
