import { z } from 'zod';
import { ACCESS_LEVELS } from '@/lib/access';
import { USER_STATUSES } from '@/lib/enums';

/** The access grants' contracts (named users on restricted collections and documents). */

const resource = { resourceType: z.enum(['document', 'collection']), resourceId: z.uuid() };
const level = z.enum(ACCESS_LEVELS);

export const resourceInput = z.object(resource);
export type ResourceInput = z.infer<typeof resourceInput>;

export const grantOutput = z.object({ userId: z.uuid(), email: z.string(), fullName: z.string(), level, grantedAt: z.date() });

export const grantInput = z.object({ ...resource, userId: z.uuid(), level });
export type GrantInput = z.infer<typeof grantInput>;

export const revokeInput = z.object({ ...resource, userId: z.uuid() });
export type RevokeInput = z.infer<typeof revokeInput>;

/** People to hand access to, for those who may share the resource without managing users. */
export const peopleInput = z.object({ ...resource, search: z.string().trim().max(200).optional() });
export type PeopleInput = z.infer<typeof peopleInput>;

export const peopleOutput = z.object({
  items: z.array(z.object({ id: z.uuid(), email: z.string(), fullName: z.string(), status: z.enum(USER_STATUSES) })),
  total: z.number(),
});
