import 'server-only';
import { and, eq, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import { collections, documents } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { forbidden, notFound } from '@/server/shared/errors';
import { accessAllows, type AccessLevel, type AccessNeed } from '@/lib/access';

export type AccessResource = { resourceType: 'document' | 'collection'; resourceId: string };
export type ResourceAccess = { restricted: boolean; level: AccessLevel | null };

/**
 * The acting user's own level on a collection or document, as the database decides it
 * (`app_access_level()`, under RLS): for list and detail queries, so the console shows only what
 * the user may do.
 */
export const collectionLevel = (id: SQLWrapper) => sql<AccessLevel | null>`app_access_level('collection', ${id})`;
export const documentLevel = (id: SQLWrapper) => sql<AccessLevel | null>`app_access_level('document', ${id})`;

/** A document is restricted when it is or its collection is. */
async function lookup(ctx: TenantServiceContext, { resourceType, resourceId }: AccessResource): Promise<ResourceAccess | undefined> {
  if (resourceType === 'collection') {
    const [row] = await ctx.db
      .select({ restricted: sql<boolean>`${collections.visibility} = 'restricted'`, level: collectionLevel(collections.id) })
      .from(collections)
      .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, resourceId)));
    return row;
  }
  const [row] = await ctx.db
    .select({
      restricted: sql<boolean>`${documents.visibility} = 'restricted' or ${collections.visibility} = 'restricted'`,
      level: documentLevel(documents.id),
    })
    .from(documents)
    .innerJoin(collections, and(eq(collections.tenantId, documents.tenantId), eq(collections.id, documents.collectionId)))
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, resourceId), isNull(documents.deletedAt)));
  return row;
}

const NAMES = { collection: 'Collection', document: 'Document' } as const;

/**
 * The one check of grant levels in the domain (the database repeats it: `app_can()` in the
 * policies): refuses `need` on the resource with a sentence saying what is missing. A resource the
 * user cannot see is NOT_FOUND, exactly like one that does not exist (no existence oracle).
 * `action` completes "to … you need": "upload into it", "rename it".
 */
export async function requireAccess(
  ctx: TenantServiceContext,
  resource: AccessResource,
  need: AccessNeed,
  action: string,
): Promise<ResourceAccess> {
  const access = await lookup(ctx, resource);
  if (!access) notFound(NAMES[resource.resourceType]);
  if (accessAllows(access, need)) return access;
  const type = resource.resourceType;
  if (need === 'share') {
    forbidden(
      `Only the ${type}’s ${type === 'collection' ? 'creator' : 'uploader'}, people with admin access to it and admins who manage users can ${action}.`,
    );
  }
  const held = access.level ? `${access.level} access` : 'no access level';
  forbidden(`You have ${held} to this restricted ${type}; to ${action} you need ${need} access. Ask someone with admin access to it.`);
}
