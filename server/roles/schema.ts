import { z } from 'zod';
import { PERMISSIONS } from '@/lib/enums';
import { nameInput, permissionInput } from '@/server/shared/schema';

/** The roles domain's contracts, shared by its router and its functions. */

export const roleOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  isSystem: z.boolean(),
  createdAt: z.date(),
  permissions: z.array(z.enum(PERMISSIONS)),
  userCount: z.number().int(),
});

export const catalogOutput = z.array(z.object({ permission: z.enum(PERMISSIONS), label: z.string(), description: z.string() }));

const permissionList = z.array(permissionInput).min(1, 'Choose at least one permission.');

export const createRoleInput = z.object({
  name: nameInput('Name', 100),
  description: z.string().trim().max(500).default(''),
  permissions: permissionList,
});
export type CreateRoleInput = z.infer<typeof createRoleInput>;

export const updateRoleInput = z.object({
  id: z.uuid(),
  name: nameInput('Name', 100).optional(),
  description: z.string().trim().max(500).optional(),
  permissions: permissionList.optional(),
});
export type UpdateRoleInput = z.infer<typeof updateRoleInput>;
