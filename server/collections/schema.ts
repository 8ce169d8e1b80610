import { z } from 'zod';
import { ACCESS_LEVELS } from '@/lib/access';
import { VISIBILITIES } from '@/lib/enums';
import { nameInput } from '@/server/shared/schema';

/** The collections domain's contracts, shared by its router and its functions. */

export const collectionOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  visibility: z.enum(VISIBILITIES),
  /** The workspace's default for uploads (one at most; never a restricted one). */
  isDefault: z.boolean(),
  createdAt: z.date(),
});

/** `myLevel`: the user's own grant level (creator and users:manage count as admin), null without one. */
export const collectionListOutput = z.array(
  collectionOutput.extend({ myLevel: z.enum(ACCESS_LEVELS).nullable(), documentCount: z.number(), storageBytes: z.number() }),
);

export const createCollectionInput = z.object({
  name: nameInput('Name'),
  description: z.string().trim().max(1000).default(''),
  visibility: z.enum(VISIBILITIES).default('tenant'),
});
export type CreateCollectionInput = z.infer<typeof createCollectionInput>;

export const updateCollectionInput = z.object({
  id: z.uuid(),
  name: nameInput('Name').optional(),
  description: z.string().trim().max(1000).optional(),
  visibility: z.enum(VISIBILITIES).optional(),
});
export type UpdateCollectionInput = z.infer<typeof updateCollectionInput>;

export const deleteCollectionInput = z.object({ id: z.uuid(), confirmName: z.string().max(300) });
export type DeleteCollectionInput = z.infer<typeof deleteCollectionInput>;

export const deleteCollectionOutput = z.object({ id: z.uuid(), documents: z.number() });
