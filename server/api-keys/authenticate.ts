import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiKeys, PERMISSIONS, tenants, users, type Permission } from '@/db/schema';
import { withTenant } from '@/db/tenant';
import { writeAudit } from '@/server/audit/write';
import { LIVE_TENANT_STATUSES, type Resolution } from '@/server/auth/principal';
import type { RequestMeta } from '@/server/auth/types';
import { loadPermissions } from '@/server/roles/permissions';
import { parseApiKey, secretMatches } from './secret';

/**
 * Resolves `Authorization: Bearer <key>`: the key acts in its tenant with its scopes, never more
 * than its creator holds now. Revoked, expired, suspended-tenant and orphaned keys are refused.
 * Every use, allowed or not, is audited in the key's tenant; the `recheck` of a success reads only
 * (a stream re-checks its key at each poll without flooding the log).
 */
export async function authenticateApiKey(
  db: Db,
  key: string,
  meta: RequestMeta & { path?: string | null },
  { record = true }: { record?: boolean } = {},
): Promise<Resolution> {
  const parsed = parseApiKey(key);
  if (!parsed) return { ok: false, reason: 'invalid_key' };
  // The prefix is looked up on the privileged connection: which tenant it belongs to is not known yet.
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, parsed.prefix)).limit(1);
  if (!row || !secretMatches(parsed.secret, row.hashedKey)) return { ok: false, reason: 'invalid_key' };
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, row.tenantId)).limit(1);
  if (!tenant || tenant.status === 'deleted') return { ok: false, reason: 'invalid_key' };

  let failure: Exclude<Resolution, { ok: true }>['reason'] | null = null;
  if (row.revokedAt) failure = 'revoked';
  else if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) failure = 'expired';
  else if (!LIVE_TENANT_STATUSES.has(tenant.status)) failure = 'suspended';

  return withTenant(
    { tenantId: tenant.id, userId: row.createdBy },
    async (tx) => {
      let permissions: Permission[] = [];
      if (!failure) {
        const [creator] = row.createdBy
          ? await tx
              .select()
              .from(users)
              .where(and(eq(users.tenantId, tenant.id), eq(users.id, row.createdBy)))
          : [];
        if (!creator || creator.status !== 'active') failure = 'revoked';
        else {
          const held = new Set(await loadPermissions(tx, tenant.id, creator.id));
          permissions = PERMISSIONS.filter((p) => row.scopes.includes(p) && held.has(p));
        }
      }
      // A re-check (`record: false`) writes nothing.
      if (record) {
        if (!failure) await tx.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
        await writeAudit(tx, {
          tenantId: tenant.id,
          actorType: 'api_key',
          actorId: row.id,
          actorLabel: `${row.name} (ao_${row.prefix})`,
          action: 'api_key.use',
          resourceType: 'api_key',
          resourceId: row.id,
          status: failure ? 'denied' : 'success',
          ipAddress: meta.ip,
          userAgent: meta.userAgent,
          correlationId: meta.correlationId,
          payload: { path: meta.path ?? null, ...(failure ? { reason: failure } : {}) },
        });
      }
      if (failure) return { ok: false, reason: failure } as const;
      return {
        ok: true,
        recheck: () => authenticateApiKey(db, key, meta, { record: false }),
        principal: {
          kind: 'api_key',
          id: row.id,
          name: row.name,
          prefix: row.prefix,
          createdBy: row.createdBy,
          permissions,
          tenantId: tenant.id,
          tenantSlug: tenant.slug,
          tenantName: tenant.name,
        },
      } as const;
    },
    db,
  );
}
