import { z } from 'zod';
import { USER_STATUSES } from '@/db/schema';
import { pageInput, pageOf, sortDirection } from '@/server/shared/pagination';
import {
  createUser,
  getUser,
  inviteUser,
  issueAccessLink,
  listUsers,
  setUserActive,
  updateUser,
} from '@/server/users/service';
import { createTRPCRouter, permissionProcedure } from '../init';
import { emailInput, idInput, linkOutput, nameInput, passwordInput } from '@/server/shared/schema';

const userOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  fullName: z.string(),
  status: z.enum(USER_STATUSES),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
  roles: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

const manage = permissionProcedure('users:manage');
const roleIds = z.array(z.uuid('Not a valid role id.')).max(50);

export const usersRouter = createTRPCRouter({
  list: manage
    .input(
      z.object({
        search: z.string().trim().max(200).optional(),
        roleId: z.uuid().optional(),
        status: z.enum(USER_STATUSES).optional(),
        sort: z.enum(['name', 'email', 'lastLogin', 'created']).default('created'),
        dir: sortDirection,
        ...pageInput,
      }),
    )
    .output(pageOf(userOutput))
    .query(({ ctx, input }) => listUsers(ctx.service, input)),

  get: manage.input(idInput).output(userOutput).query(({ ctx, input }) => getUser(ctx.service, input.id)),

  invite: manage
    .input(z.object({ email: emailInput, fullName: z.string().trim().max(200).default(''), roleIds }))
    .output(z.object({ user: userOutput, invitation: linkOutput }))
    .mutation(({ ctx, input }) => inviteUser(ctx.service, input)),

  create: manage
    .input(z.object({ email: emailInput, fullName: nameInput('Name'), password: passwordInput, roleIds }))
    .output(userOutput)
    .mutation(({ ctx, input }) => createUser(ctx.service, input)),

  update: manage
    .input(z.object({ id: z.uuid(), fullName: z.string().trim().max(200).optional(), roleIds: roleIds.optional() }))
    .output(userOutput)
    .mutation(({ ctx, input }) => updateUser(ctx.service, input)),

  deactivate: manage
    .input(idInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => setUserActive(ctx.service, { id: input.id, active: false })),

  reactivate: manage
    .input(idInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => setUserActive(ctx.service, { id: input.id, active: true })),

  /** A new invitation (invited users) or password reset link (everyone else), shown once. */
  resetPassword: manage
    .input(idInput)
    .output(linkOutput.extend({ purpose: z.enum(['invite', 'password_reset']) }))
    .mutation(({ ctx, input }) => issueAccessLink(ctx.service, input)),
});
