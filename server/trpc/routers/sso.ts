import { z } from 'zod';
import { getSsoSettings, ssoRoleOptions, updateSsoSettings } from '@/server/sso/settings';
import { ssoRoleOptionsOutput, ssoSettingsOutput, updateSsoInput } from '@/server/sso/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

const manage = permissionProcedure('settings:manage');

/** Single sign-on (OpenID Connect) for the workspace; the sign-in itself runs in app/api/auth/sso. */
export const ssoRouter = createTRPCRouter({
  /** The provider settings; the client secret is never returned, only whether one is stored. */
  get: manage
    .input(z.void())
    .output(ssoSettingsOutput)
    .query(({ ctx }) => getSsoSettings(ctx.service)),

  /** `clientSecret`: a new secret (stored encrypted, never shown again), omitted to keep the stored one. */
  update: manage
    .input(updateSsoInput)
    .output(ssoSettingsOutput)
    .mutation(({ ctx, input }) => updateSsoSettings(ctx.service, input)),

  /** The roles people signed in for the first time may be given: those whose permissions the admin holds. */
  roleOptions: manage
    .input(z.void())
    .output(ssoRoleOptionsOutput)
    .query(({ ctx }) => ssoRoleOptions(ctx.service)),
});
