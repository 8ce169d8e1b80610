import { z } from 'zod';
import { permissionCatalog } from '@/server/roles/permissions';
import { catalogOutput, createRoleInput, roleOutput, updateRoleInput } from '@/server/roles/schema';
import { createRole, deleteRole, listRoles, updateRole } from '@/server/roles/service';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

const manage = permissionProcedure('roles:manage');
// Assigning roles is part of managing users, so either permission may read the role list.
const read = permissionProcedure('users:manage', 'roles:manage');
// API key scopes are chosen from the same catalogue.
const readCatalog = permissionProcedure('users:manage', 'roles:manage', 'api_keys:manage');

export const rolesRouter = createTRPCRouter({
  list: read
    .input(z.void())
    .output(z.array(roleOutput))
    .query(({ ctx }) => listRoles(ctx.service)),

  /** The permission catalogue, with what each permission allows. */
  catalog: readCatalog
    .input(z.void())
    .output(catalogOutput)
    .query(() => permissionCatalog()),

  create: manage
    .input(createRoleInput)
    .output(roleOutput)
    .mutation(({ ctx, input }) => createRole(ctx.service, input)),

  update: manage
    .input(updateRoleInput)
    .output(roleOutput)
    .mutation(({ ctx, input }) => updateRole(ctx.service, input)),

  delete: manage
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteRole(ctx.service, input)),
});
