import 'server-only';
import { and, eq } from 'drizzle-orm';
import { collections } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { badRequest } from '@/server/shared/errors';
import { updateDocument } from './edit';
import type { UploadSettings } from './settings';
import { uploadDocument, type DuplicateChoice, type UploadResult } from './upload';

export type UploadWithDefaultsInput = {
  /** The workspace's default collection for uploads when absent. */
  collectionId?: string;
  filename: string;
  bytes: Uint8Array;
  restricted: boolean;
  /** Set on the new document in the same transaction (already trimmed, lowercased, de-duplicated). */
  tags: string[];
  onDuplicate: DuplicateChoice;
};

/**
 * An upload as integrators send it (the public API): the console's upload exactly (collection
 * access, size, type by content, duplicate, quotas, restricted rules), into the workspace's
 * default collection unless one is named, with tags set on the new document.
 */
export async function uploadWithDefaults(
  ctx: TenantServiceContext,
  settings: UploadSettings,
  input: UploadWithDefaultsInput,
): Promise<UploadResult> {
  const collectionId = input.collectionId ?? (await defaultCollectionId(ctx));
  const result = await uploadDocument(ctx, settings, {
    collectionId,
    filename: input.filename,
    bytes: input.bytes,
    onDuplicate: input.onDuplicate,
    visibility: input.restricted ? 'restricted' : 'tenant',
  });
  if (result.status === 'created' && input.tags.length > 0) await updateDocument(ctx, { id: result.documentId, tags: input.tags });
  return result;
}

async function defaultCollectionId(ctx: TenantServiceContext): Promise<string> {
  const [row] = await ctx.db
    .select({ id: collections.id })
    .from(collections)
    .where(and(eq(collections.tenantId, ctx.tenantId), eq(collections.isDefault, true)));
  if (!row) badRequest('This workspace has no default collection for uploads: name one with collectionId.');
  return row.id;
}
