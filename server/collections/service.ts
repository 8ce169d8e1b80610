import 'server-only';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { collections, documents, processingJobs } from '@/db/schema';
import { withRestrictedVisible } from '@/db/tenant';
import { collectionLevel, requireAccess } from '@/server/access/require';
import { recordAudit } from '@/server/audit/record';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest, forbidden, notFound, uniquely } from '@/server/shared/errors';
import { beforeTimestamp, keysetPage, micros, type Keyset, type KeysetPage } from '@/server/shared/keyset';
import { getStorage } from '@/server/storage';
import { recordUsage, usageSubject } from '@/server/usage/meter';
import type { CreateCollectionInput, DeleteCollectionInput, UpdateCollectionInput } from './schema';

const listColumns = {
  id: collections.id,
  name: collections.name,
  description: collections.description,
  visibility: collections.visibility,
  isDefault: collections.isDefault,
  createdAt: collections.createdAt,
  myLevel: collectionLevel(collections.id),
  documentCount: sql<number>`(select count(*)::int from documents d where d.collection_id = collections.id and d.deleted_at is null)`,
  storageBytes:
    sql<number>`(select coalesce(sum(d.size_bytes), 0)::bigint from documents d where d.collection_id = collections.id and d.deleted_at is null)`.mapWith(
      Number,
    ),
};

export async function listCollections(ctx: TenantServiceContext) {
  return ctx.db
    .select(listColumns)
    .from(collections)
    .where(eq(collections.tenantId, ctx.tenantId))
    .orderBy(asc(sql`lower(${collections.name})`));
}

export type CollectionRow = Awaited<ReturnType<typeof listCollections>>[number];

/** One page of the collections the user can see, newest first, after `after` (the public API's cursor). */
export async function listCollectionsPage(
  ctx: TenantServiceContext,
  input: { limit: number; after: Keyset | null },
): Promise<KeysetPage<CollectionRow>> {
  const rows = await ctx.db
    .select({ ...listColumns, sortKey: micros(collections.createdAt) })
    .from(collections)
    .where(and(eq(collections.tenantId, ctx.tenantId), beforeTimestamp(collections.createdAt, collections.id, input.after)))
    .orderBy(desc(collections.createdAt), desc(collections.id))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (row) => row.sortKey);
}

/** One collection with its counts; NOT_FOUND when unknown, of another tenant or not visible to the user. */
export async function getCollection(ctx: TenantServiceContext, { id }: { id: string }): Promise<CollectionRow> {
  const [row] = await ctx.db
    .select(listColumns)
    .from(collections)
    .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, id)));
  if (!row) notFound('Collection');
  return row;
}

const DUPLICATE = 'A collection with this name already exists.';

/** The workspace's current default for uploads, if any. */
async function currentDefault(ctx: TenantServiceContext) {
  const [row] = await ctx.db
    .select({ id: collections.id, name: collections.name })
    .from(collections)
    .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.isDefault, true)));
  return row ?? null;
}

export async function createCollection(ctx: TenantServiceContext, input: CreateCollectionInput) {
  // Never the default on creation: someone chooses it (setDefaultCollection), so creating a
  // collection has no side effect on where everyone's uploads go or on what may be deleted.
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
  const resource = { resourceType: 'collection', resourceId: input.id } as const;
  // Changing who can see it needs admin (which includes write); anything else needs write.
  if (input.visibility !== undefined && input.visibility !== before.visibility) {
    await requireAccess(ctx, resource, 'share', 'change who can see it');
  } else {
    await requireAccess(ctx, resource, 'write', 'change it');
  }
  if (before.isDefault && input.visibility === 'restricted') {
    badRequest(`${before.name} is the default for uploads, which everyone can see: make another collection the default first.`);
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

/**
 * Deletes a collection with its documents (rows cascade; files removed), after the name is typed.
 * Refused while it holds documents the user cannot see or may not delete (restricted ones of
 * other people): those are not theirs to destroy. The refusal gives how many, never which.
 */
export async function deleteCollection(ctx: TenantServiceContext, input: DeleteCollectionInput) {
  const collection = await findCollection(ctx, input.id);
  await requireAccess(ctx, { resourceType: 'collection', resourceId: input.id }, 'admin', 'delete it');
  if (collection.isDefault) {
    badRequest(`${collection.name} is the default collection for uploads: make another collection the default first, then delete it.`);
  }
  if (input.confirmName.trim() !== collection.name) badRequest(`Type the collection's name "${collection.name}" to confirm.`);
  const inCollection = and(eq(documents.tenantId, ctx.tenantId), eq(documents.collectionId, input.id));
  const [{ total } = { total: 0 }] = await withRestrictedVisible(ctx.db, () =>
    ctx.db.select({ total: count() }).from(documents).where(inCollection),
  );
  const docs = await ctx.db
    .select({
      id: documents.id,
      storageKey: documents.storageKey,
      sizeBytes: documents.sizeBytes,
      writable: sql<boolean>`app_can('document', ${documents.id}, 'write')`,
    })
    .from(documents)
    .where(inCollection);
  const hidden = total - docs.length;
  if (hidden > 0) {
    forbidden(
      `This collection holds ${countOf(hidden)} you cannot see; ask their owners or an admin who manages users to delete them first.`,
    );
  }
  const readOnly = docs.filter((d) => !d.writable).length;
  if (readOnly > 0) {
    forbidden(
      `This collection holds ${countOf(readOnly)} you may only read; ask their owners or an admin who manages users to delete them first.`,
    );
  }
  if (docs.length > 0) {
    await ctx.db.delete(processingJobs).where(
      and(
        eq(processingJobs.tenantId, ctx.tenantId),
        inArray(
          processingJobs.documentId,
          docs.map((d) => d.id),
        ),
      ),
    );
  }
  await ctx.db.delete(collections).where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, input.id)));
  const n = docs.length;
  // Its documents' files leave with it: one storage change for all of them.
  const freed = docs.reduce((sum, d) => sum + d.sizeBytes, 0);
  if (freed > 0) await recordUsage(ctx.db, { ...usageSubject(ctx), kind: 'storage', storageBytes: -freed });
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

/**
 * Makes a shared collection the workspace's default for uploads (the upload panel starts on it,
 * and it cannot be deleted or restricted while it is). Write access to it is enough.
 */
export async function setDefaultCollection(ctx: TenantServiceContext, { id }: { id: string }) {
  const collection = await findCollection(ctx, id);
  await requireAccess(ctx, { resourceType: 'collection', resourceId: id }, 'write', 'make it the default');
  if (collection.visibility !== 'tenant') {
    badRequest('A restricted collection cannot be the default for uploads: the default is where everyone’s uploads go.');
  }
  const previous = await currentDefault(ctx);
  if (previous?.id === id) return { id };
  if (previous) {
    await ctx.db
      .update(collections)
      .set({ isDefault: false })
      .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, previous.id)));
  }
  await ctx.db
    .update(collections)
    .set({ isDefault: true })
    .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.id, id)));
  await recordAudit(ctx, {
    action: 'collection.set_default',
    resourceType: 'collection',
    resourceId: id,
    payload: { name: collection.name, previous: previous?.name ?? null },
  });
  return { id };
}

function countOf(n: number) {
  return n === 1 ? '1 document' : `${n} documents`;
}
