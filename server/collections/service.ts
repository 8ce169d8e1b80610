import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { collections, documents, processingJobs } from '@/db/schema';
import { withRestrictedVisible } from '@/db/tenant';
import { seesRestricted } from '@/server/auth/scope';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest, forbidden, notFound, uniquely } from '@/server/shared/errors';
import { getStorage } from '@/server/storage';
import type { CreateCollectionInput, DeleteCollectionInput, UpdateCollectionInput } from './schema';

export async function listCollections(ctx: TenantServiceContext) {
  return ctx.db
    .select({
      id: collections.id,
      name: collections.name,
      description: collections.description,
      visibility: collections.visibility,
      createdAt: collections.createdAt,
      documentCount: sql<number>`(select count(*)::int from documents d where d.collection_id = collections.id and d.deleted_at is null)`,
      storageBytes:
        sql<number>`(select coalesce(sum(d.size_bytes), 0)::bigint from documents d where d.collection_id = collections.id and d.deleted_at is null)`.mapWith(
          Number,
        ),
    })
    .from(collections)
    .where(eq(collections.tenantId, ctx.tenantId))
    .orderBy(asc(sql`lower(${collections.name})`));
}

const DUPLICATE = 'A collection with this name already exists.';

export async function createCollection(ctx: TenantServiceContext, input: CreateCollectionInput) {
  const [row] = await uniquely(
    () =>
      ctx.db
        .insert(collections)
        .values({ tenantId: ctx.tenantId, ...input, createdBy: ctx.userId })
        .returning(),
    DUPLICATE,
  );
  await recordAudit(ctx, { action: 'collection.create', resourceType: 'collection', resourceId: row!.id, payload: input });
  return row!;
}

async function findCollection(ctx: TenantServiceContext, id: string) {
  const [row] = await ctx.db
    .select()
    .from(collections)
    .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, id)));
  if (!row) notFound('Collection');
  return row;
}

export async function updateCollection(ctx: TenantServiceContext, input: UpdateCollectionInput) {
  const before = await findCollection(ctx, input.id);
  if (input.visibility === 'restricted' && before.visibility !== 'restricted' && before.createdBy !== ctx.userId && !seesRestricted(ctx)) {
    forbidden(
      'Only the collection’s creator or someone who can manage users can restrict it (otherwise you would lose access to it yourself).',
    );
  }
  const { id, ...patch } = input;
  const [row] = await uniquely(
    () =>
      ctx.db
        .update(collections)
        .set(patch)
        .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, id)))
        .returning(),
    DUPLICATE,
  );
  await recordAudit(ctx, {
    action: 'collection.update',
    resourceType: 'collection',
    resourceId: id,
    payload: { ...patch, previous: { name: before.name, visibility: before.visibility } },
  });
  return row!;
}

/** Deletes a collection with its documents (rows cascade; files removed), after the name is typed. */
export async function deleteCollection(ctx: TenantServiceContext, input: DeleteCollectionInput) {
  const collection = await findCollection(ctx, input.id);
  if (input.confirmName.trim() !== collection.name) badRequest(`Type the collection's name "${collection.name}" to confirm.`);
  // Restricted documents inside go too, even those this user cannot see.
  const docs = await withRestrictedVisible(ctx.db, async () => {
    const inside = await ctx.db
      .select({ id: documents.id, storageKey: documents.storageKey })
      .from(documents)
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.collectionId, input.id)));
    if (inside.length > 0) {
      await ctx.db.delete(processingJobs).where(
        and(
          eq(processingJobs.tenantId, ctx.tenantId),
          inArray(
            processingJobs.documentId,
            inside.map((d) => d.id),
          ),
        ),
      );
    }
    await ctx.db.delete(collections).where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, input.id)));
    return inside;
  });
  const n = docs.length;
  await recordAudit(ctx, {
    action: 'collection.delete',
    resourceType: 'collection',
    resourceId: input.id,
    payload: { name: collection.name, documents: n },
  });
  ctx.afterCommit(() =>
    Promise.all(
      docs.map((d) =>
        getStorage()
          .remove(d.storageKey)
          .catch(() => {}),
      ),
    ),
  );
  return { id: input.id, documents: n };
}
