import { z } from 'zod';
import { PERMISSIONS } from '@/db/schema';
import { createRole, deleteRole, listRoles, updateRole } from '@/server/roles/service';
import { PERMISSION_DESCRIPTIONS } from '@/server/roles/permissions';
import { createTRPCRouter, permissionProcedure } from '../init';
import { idInput, nameInput, permissionInput } from '@/server/shared/schema';

const roleOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  isSystem: z.boolean(),
  createdAt: z.date(),
  permissions: z.array(z.enum(PERMISSIONS)),
  userCount: z.number().int(),
});

const manage = permissionProcedure('roles:manage');
// Assigning roles is part of managing users, so either permission may read the role list.
const read = permissionProcedure('users:manage', 'roles:manage');
// API key scopes are chosen from the same catalogue.
const readCatalog = permissionProcedure('users:manage', 'roles:manage', 'api_keys:manage');

export const rolesRouter = createTRPCRouter({
  list: read.input(z.void()).output(z.array(roleOutput)).query(({ ctx }) => listRoles(ctx.service)),

  /** The permission catalogue, with what each permission allows. */
  catalog: readCatalog
    .input(z.void())
    .output(z.array(z.object({ permission: z.enum(PERMISSIONS), description: z.string() })))
    .query(() => PERMISSIONS.map((permission) => ({ permission, description: PERMISSION_DESCRIPTIONS[permission] }))),

  create: manage
    .input(
      z.object({
        name: nameInput('Name', 100),
        description: z.string().trim().max(500).default(''),
        permissions: z.array(permissionInput).min(1, 'Choose at least one permission.'),
      }),
    )
    .output(roleOutput)
    .mutation(({ ctx, input }) => createRole(ctx.service, input)),

  update: manage
    .input(
      z.object({
        id: z.uuid(),
        name: nameInput('Name', 100).optional(),
        description: z.string().trim().max(500).optional(),
        permissions: z.array(permissionInput).min(1, 'Choose at least one permission.').optional(),
      }),
    )
    .output(roleOutput)
    .mutation(({ ctx, input }) => updateRole(ctx.service, input)),

  delete: manage.input(idInput).output(z.object({ id: z.uuid() })).mutation(({ ctx, input }) => deleteRole(ctx.service, input)),
});
