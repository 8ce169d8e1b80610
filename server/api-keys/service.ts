import 'server-only';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { apiKeys, PERMISSIONS, users, type Permission } from '@/db/schema';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest, notFound } from '@/server/shared/errors';
import { offsetOf } from '@/server/shared/pagination';
import { assertCanGrant } from '@/server/roles/permissions';
import { generateApiKey } from './secret';
import type { ApiKeyListInput, CreateApiKeyInput } from './schema';

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
  createdByEmail: users.email,
};

type Row = { expiresAt: Date | null; revokedAt: Date | null; scopes: string[] };

function describe<T extends Row>(row: T) {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= new Date() ? 'expired' : 'active';
  return { ...row, scopes: PERMISSIONS.filter((p) => row.scopes.includes(p)), status } as Omit<T, 'scopes'> & {
    scopes: Permission[];
    status: 'active' | 'expired' | 'revoked';
  };
}

export async function listApiKeys(ctx: TenantServiceContext, input: ApiKeyListInput) {
  const where = and(eq(apiKeys.tenantId, ctx.tenantId), input.includeRevoked ? undefined : isNull(apiKeys.revokedAt));
  const rows = await ctx.db
    .select(columns)
    .from(apiKeys)
    .leftJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, apiKeys.createdBy)))
    .where(where)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(input.pageSize)
    .offset(offsetOf(input));
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(apiKeys).where(where);
  return { items: rows.map(describe), total, page: input.page, pageSize: input.pageSize };
}

/** Creates a key; its secret is returned this once and only its hash is kept. */
export async function createApiKey(ctx: TenantServiceContext, input: CreateApiKeyInput) {
  if (!ctx.userId) badRequest('API keys belong to a workspace user; sign in with your own account to create one.');
  const scopes = PERMISSIONS.filter((p) => input.scopes.includes(p));
  assertCanGrant(ctx.permissions, scopes);
  const { key, prefix, hashedKey } = generateApiKey();
  const expiresAt = input.expiresInDays === 'never' ? null : new Date(Date.now() + input.expiresInDays * 24 * 3600 * 1000);
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({ tenantId: ctx.tenantId, name: input.name, prefix, hashedKey, scopes, createdBy: ctx.userId, expiresAt })
    .returning({ id: apiKeys.id });
  await recordAudit(ctx, {
    action: 'api_key.create',
    resourceType: 'api_key',
    resourceId: row!.id,
    payload: { name: input.name, prefix, scopes, expiresAt: expiresAt?.toISOString() ?? 'never' },
  });
  const [created] = await ctx.db
    .select(columns)
    .from(apiKeys)
    .leftJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, apiKeys.createdBy)))
    .where(and(eq(apiKeys.tenantId, ctx.tenantId), eq(apiKeys.id, row!.id)));
  return { key, apiKey: describe(created!) };
}

export async function revokeApiKey(ctx: TenantServiceContext, input: { id: string }) {
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.tenantId, ctx.tenantId), eq(apiKeys.id, input.id)))
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
  if (!row) notFound('API key');
  await recordAudit(ctx, {
    action: 'api_key.revoke',
    resourceType: 'api_key',
    resourceId: row.id,
    payload: { name: row.name, prefix: row.prefix },
  });
  return { id: row.id };
}
