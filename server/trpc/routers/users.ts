import { pageOf } from '@/server/shared/pagination';
import { idInput } from '@/server/shared/schema';
import {
  accessLinkOutput,
  createUserInput,
  inviteUserInput,
  inviteUserOutput,
  updateUserInput,
  userListInput,
  userOutput,
} from '@/server/users/schema';
import { createUser, getUser, inviteUser, issueAccessLink, listUsers, setUserActive, updateUser } from '@/server/users/service';
import { committedProcedure, createTRPCRouter, permissionProcedure } from '../init';

const manage = permissionProcedure('users:manage');
// Links are e-mailed once the transaction committed; who may also see one is the domain's rule.
const manageAndSend = committedProcedure('users:manage');

export const usersRouter = createTRPCRouter({
  list: manage
    .input(userListInput)
    .output(pageOf(userOutput))
    .query(({ ctx, input }) => listUsers(ctx.service, input)),

  get: manage
    .input(idInput)
    .output(userOutput)
    .query(({ ctx, input }) => getUser(ctx.service, input)),

  invite: manageAndSend
    .input(inviteUserInput)
    .output(inviteUserOutput)
    .mutation(({ ctx, input }) => inviteUser(ctx.tenant, input)),

  create: manage
    .input(createUserInput)
    .output(userOutput)
    .mutation(({ ctx, input }) => createUser(ctx.service, input)),

  update: manage
    .input(updateUserInput)
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

  /** A new invitation (invited users) or password reset link (everyone else), e-mailed to them. */
  resetPassword: manageAndSend
    .input(idInput)
    .output(accessLinkOutput)
    .mutation(({ ctx, input }) => issueAccessLink(ctx.tenant, input)),
});
