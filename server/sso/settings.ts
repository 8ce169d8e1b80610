import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { rolePermissions, roles, tenantSso } from '@/db/schema';
import { checkModelUrl, EgressRefusal, type EgressOptions } from '@/server/ai/egress';
import { decryptSecret, encryptSecret, needsReencryption, SECRET_FIELDS } from '@/server/ai/secrets';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { assertCanGrant, permissionsOfRoles } from '@/server/roles/permissions';
import { badRequest } from '@/server/shared/errors';
import { ssoEgressOptions } from './egress-fetch';
import { plainHttpAllowed, redirectUri } from './oidc';
import type { SsoSettings, UpdateSsoInput } from './schema';

/** Saving waits this long for DNS, inside the settings transaction. */
const DNS_TIMEOUT_MS = 10_000;

export const PASSWORDS_OFF_NEEDS_TEST =
  'Passwords can be turned off only while single sign-on is on and a Test sign-in has succeeded with these settings. Save, run Test sign-in, then turn passwords off.';

/** The workspace's SSO settings; the client secret is never returned, only whether one is stored. */
export async function getSsoSettings(ctx: TenantServiceContext): Promise<SsoSettings> {
  const [row] = await ctx.db.select().from(tenantSso).where(eq(tenantSso.tenantId, ctx.tenantId));
  return {
    configured: Boolean(row),
    displayName: row?.displayName ?? '',
    issuer: row?.issuer ?? '',
    clientId: row?.clientId ?? '',
    hasClientSecret: Boolean(row?.clientSecretEncrypted),
    allowedDomains: row?.allowedDomains ?? [],
    jitRoleId: row?.jitRoleId ?? null,
    passwordsAllowed: row?.passwordsAllowed ?? true,
    enabled: row?.enabled ?? false,
    testedAt: row?.testedAt ?? null,
    lastTest: row?.lastTest ?? null,
    redirectUri: redirectUri(ctx.tenantSlug),
    updatedAt: row?.updatedAt ?? null,
  };
}

async function checkIssuer(issuer: string, egress: EgressOptions) {
  if (!plainHttpAllowed(issuer, egress.allowedHosts))
    badRequest('Use an https:// issuer URL: plain http is only for providers the operator allows (SSO_ALLOWED_HOSTS).');
  try {
    await checkModelUrl(issuer, ssoEgressOptions(egress), AbortSignal.timeout(DNS_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof EgressRefusal) badRequest(error.message);
    if (error instanceof DOMException && error.name === 'TimeoutError')
      badRequest('The issuer’s host did not resolve in time (DNS). Check the address and try again.');
    throw error;
  }
}

/**
 * Saves the workspace's OpenID Connect provider. A change to what the provider is (issuer,
 * client, secret, domains) clears the last successful test, and passwords can only be off while
 * SSO is on and tested, so nobody locks the workspace out with a provider that never worked. The
 * role given to people signed in for the first time may carry only permissions the admin holds.
 */
export async function updateSsoSettings(
  ctx: TenantServiceContext,
  input: UpdateSsoInput,
  egress: EgressOptions = {},
): Promise<SsoSettings> {
  await checkIssuer(input.issuer, egress);
  const [current] = await ctx.db.select().from(tenantSso).where(eq(tenantSso.tenantId, ctx.tenantId)).for('update');
  if (!current && input.clientSecret === undefined) badRequest('Enter the client secret the provider gave you for this console.');

  if (input.jitRoleId) {
    const [role] = await ctx.db
      .select({ id: roles.id, name: roles.name })
      .from(roles)
      .where(and(eq(roles.tenantId, ctx.tenantId), eq(roles.id, input.jitRoleId)));
    if (!role) badRequest('The role for new people no longer exists. Choose another.');
    // Whoever configures provisioning could otherwise hand out, through it, more than they hold.
    assertCanGrant(ctx.permissions, await permissionsOfRoles(ctx.db, ctx.tenantId, [role.id]));
  }

  const secretContext = { tenantId: ctx.tenantId, field: SECRET_FIELDS.ssoClientSecret };
  const secret =
    input.clientSecret !== undefined
      ? encryptSecret(input.clientSecret, secretContext)
      : current && needsReencryption(current.clientSecretEncrypted)
        ? encryptSecret(decryptSecret(current.clientSecretEncrypted, current.keyVersion, secretContext), secretContext)
        : current
          ? { ciphertext: current.clientSecretEncrypted, keyVersion: current.keyVersion }
          : null;
  if (!secret) badRequest('Enter the client secret.');

  const providerChanged =
    !current ||
    current.issuer !== input.issuer ||
    current.clientId !== input.clientId ||
    input.clientSecret !== undefined ||
    current.allowedDomains.join(',') !== input.allowedDomains.join(',');
  const testedAt = providerChanged ? null : (current?.testedAt ?? null);
  if (!input.passwordsAllowed && (!input.enabled || !testedAt)) badRequest(PASSWORDS_OFF_NEEDS_TEST);

  const values = {
    displayName: input.displayName,
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecretEncrypted: secret.ciphertext,
    keyVersion: secret.keyVersion,
    allowedDomains: input.allowedDomains,
    jitRoleId: input.jitRoleId,
    passwordsAllowed: input.passwordsAllowed,
    enabled: input.enabled,
    ...(providerChanged ? { testedAt: null, testedBy: null, lastTest: null } : {}),
  };
  // Not an upsert: the proposed insert row is checked too, and it would carry no test.
  if (current) await ctx.db.update(tenantSso).set(values).where(eq(tenantSso.tenantId, ctx.tenantId));
  else await ctx.db.insert(tenantSso).values({ tenantId: ctx.tenantId, ...values });
  await recordAudit(ctx, {
    action: 'sso.settings_update',
    resourceType: 'tenant_sso',
    payload: {
      displayName: input.displayName,
      issuer: input.issuer,
      clientId: input.clientId,
      allowedDomains: input.allowedDomains,
      jitRoleId: input.jitRoleId,
      passwordsAllowed: input.passwordsAllowed,
      enabled: input.enabled,
      clientSecretChanged: input.clientSecret !== undefined,
      ...(providerChanged && current?.testedAt ? { testCleared: 'the provider settings changed' } : {}),
    },
  });
  return getSsoSettings(ctx);
}

/** Every role of the workspace, marked grantable when the admin holds all its permissions. */
export async function ssoRoleOptions(ctx: TenantServiceContext) {
  const rows = await ctx.db
    .select({ id: roles.id, name: roles.name, permission: rolePermissions.permission })
    .from(roles)
    .leftJoin(rolePermissions, and(eq(rolePermissions.tenantId, roles.tenantId), eq(rolePermissions.roleId, roles.id)))
    .where(eq(roles.tenantId, ctx.tenantId))
    .orderBy(asc(roles.name));
  const byRole = new Map<string, { id: string; name: string; grantable: boolean }>();
  for (const row of rows) {
    const role = byRole.get(row.id) ?? { id: row.id, name: row.name, grantable: true };
    if (row.permission && !ctx.permissions.includes(row.permission)) role.grantable = false;
    byRole.set(row.id, role);
  }
  return [...byRole.values()];
}
