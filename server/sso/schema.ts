import { z } from 'zod';
import { normalizeDomain } from './domains';

/** The single sign-on settings' contracts, shared by the router and server/sso. */

export const MAX_SSO_DOMAINS = 20;

export const ssoTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  email: z.string().nullable().optional(),
  at: z.string(),
});

/** What the Settings card reads: never the client secret, only whether one is stored. */
export const ssoSettingsOutput = z.object({
  configured: z.boolean(),
  displayName: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  allowedDomains: z.array(z.string()),
  jitRoleId: z.uuid().nullable(),
  passwordsAllowed: z.boolean(),
  enabled: z.boolean(),
  /** When a Test sign-in last succeeded with the current settings; null since they changed. */
  testedAt: z.date().nullable(),
  lastTest: ssoTestResult.nullable(),
  /** What the admin registers with the provider as the redirect (callback) URI. */
  redirectUri: z.string(),
  updatedAt: z.date().nullable(),
});

export type SsoSettings = z.infer<typeof ssoSettingsOutput>;

const domain = z
  .string()
  .max(253, 'A domain is at most 253 characters.')
  .transform((raw, ctx) => {
    const normalized = normalizeDomain(raw);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: `“${raw.trim().slice(0, 60)}” is not a domain name, e.g. example.com.` });
      return z.NEVER;
    }
    return normalized;
  });

/** `clientSecret`: a new secret (stored encrypted, never shown again), omitted to keep the stored one. */
export const updateSsoInput = z.object({
  displayName: z.string().trim().min(1, 'Enter the name people see, e.g. Okta.').max(60, 'At most 60 characters.'),
  issuer: z
    .string()
    .trim()
    .max(500, 'At most 500 characters.')
    .url('Enter the issuer URL, e.g. https://login.example.com.')
    .refine((u) => /^https?:\/\//.test(u), 'Use an https URL.'),
  clientId: z.string().trim().min(1, 'Enter the client ID.').max(300, 'At most 300 characters.'),
  clientSecret: z.string().trim().min(1, 'Enter the client secret.').max(500, 'At most 500 characters.').optional(),
  allowedDomains: z
    .array(domain)
    .min(1, 'Enter at least one e-mail domain.')
    .max(MAX_SSO_DOMAINS, `At most ${MAX_SSO_DOMAINS} domains.`)
    .transform((domains) => [...new Set(domains)]),
  /** The role of people signed in for the first time; null: they are refused (no provisioning). */
  jitRoleId: z.uuid('Choose a role.').nullable(),
  passwordsAllowed: z.boolean(),
  enabled: z.boolean(),
});

export type UpdateSsoInput = z.infer<typeof updateSsoInput>;

/** What the public sign-in page may know about a workspace, and nothing more. */
export type SsoDiscovery = { sso: { displayName: string } | null; passwordsAllowed: boolean };

export const ssoRoleOptionsOutput = z.array(z.object({ id: z.uuid(), name: z.string(), grantable: z.boolean() }));
