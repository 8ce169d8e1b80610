import { z } from 'zod';

/** The access grants' contracts (named users on restricted collections and documents). */

const resource = { resourceType: z.enum(['document', 'collection']), resourceId: z.uuid() };
const level = z.enum(['read', 'write', 'admin']);

export const resourceInput = z.object(resource);
export type ResourceInput = z.infer<typeof resourceInput>;

export const grantOutput = z.object({ userId: z.uuid(), email: z.string(), fullName: z.string(), level, grantedAt: z.date() });

export const grantInput = z.object({ ...resource, userId: z.uuid(), level });
export type GrantInput = z.infer<typeof grantInput>;

export const revokeInput = z.object({ ...resource, userId: z.uuid() });
export type RevokeInput = z.infer<typeof revokeInput>;
