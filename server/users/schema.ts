import { z } from 'zod';
import { USER_STATUSES } from '@/lib/enums';
import { pageInput, sortDirection } from '@/server/shared/pagination';
import { mailDeliveryOutput } from '@/server/mail/schema';
import { emailInput, nameInput, passwordInput } from '@/server/shared/schema';

/** The users domain's contracts, shared by its router and its functions. */

export const userOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  fullName: z.string(),
  status: z.enum(USER_STATUSES),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
  roles: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

const roleIds = z.array(z.uuid('Not a valid role id.')).max(50);

export const userListInput = z.object({
  search: z.string().trim().max(200).optional(),
  roleId: z.uuid().optional(),
  status: z.enum(USER_STATUSES).optional(),
  sort: z.enum(['name', 'email', 'lastLogin', 'created']).default('created'),
  dir: sortDirection,
  ...pageInput,
});
export type UserListInput = z.infer<typeof userListInput>;

export const inviteUserInput = z.object({ email: emailInput, fullName: z.string().trim().max(200).default(''), roleIds });
export type InviteUserInput = z.infer<typeof inviteUserInput>;
/**
 * A one-time link sent by e-mail: `url` only for someone who may see it while e-mail is not
 * configured (server/users/service.ts, maySeeLink); `delivery` says where it went and how.
 */
export const sentLinkOutput = z.object({ url: z.string().nullable(), expiresAt: z.date(), delivery: mailDeliveryOutput });

export const inviteUserOutput = z.object({ user: userOutput, invitation: sentLinkOutput });

export const createUserInput = z.object({ email: emailInput, fullName: nameInput('Name'), password: passwordInput, roleIds });
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({ id: z.uuid(), fullName: z.string().trim().max(200).optional(), roleIds: roleIds.optional() });
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const accessLinkOutput = sentLinkOutput.extend({ purpose: z.enum(['invite', 'password_reset']) });

// One-time links: accepting an invitation or resetting a password, before sign-in.

const token = z.string().trim().min(20, 'This link is incomplete.').max(200, 'This link is not valid.');

export const inspectTokenInput = z.object({ token });
export type InspectTokenInput = z.infer<typeof inspectTokenInput>;

export const tokenDetailsOutput = z.object({
  purpose: z.enum(['invite', 'password_reset']),
  email: z.string(),
  fullName: z.string(),
  tenantSlug: z.string(),
  tenantName: z.string(),
  expiresAt: z.date(),
});

export const redeemTokenInput = z.object({ token, password: passwordInput, fullName: z.string().trim().max(200).optional() });
export type RedeemTokenInput = z.infer<typeof redeemTokenInput>;
export const redeemTokenOutput = z.object({ tenantSlug: z.string(), email: z.string() });

/** "Forgot password?" on the sign-in page: a workspace account, named by its e-mail. */
export const forgotPasswordInput = z.object({
  workspace: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter your workspace, such as acme.')
    .max(48, 'A workspace name has at most 48 characters.'),
  email: emailInput,
});
export type ForgotPasswordInput = z.infer<typeof forgotPasswordInput>;
export const forgotPasswordOutput = z.object({ message: z.string() });
