import { z } from 'zod';
import { VISIBILITIES } from '@/db/schema';
import { createCollection, deleteCollection, listCollections, updateCollection } from '@/server/collections/service';
import { createTRPCRouter, permissionProcedure } from '../init';
import { nameInput } from '@/server/shared/schema';

const collectionOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  visibility: z.enum(VISIBILITIES),
  createdAt: z.date(),
});

export const collectionsRouter = createTRPCRouter({
  list: permissionProcedure('documents:read')
    .input(z.void())
    .output(z.array(collectionOutput.extend({ documentCount: z.number(), storageBytes: z.number() })))
    .query(({ ctx }) => listCollections(ctx.service)),

  create: permissionProcedure('documents:write')
    .input(
      z.object({
        name: nameInput('Name'),
        description: z.string().trim().max(1000).default(''),
        visibility: z.enum(VISIBILITIES).default('tenant'),
      }),
    )
    .output(collectionOutput.passthrough())
    .mutation(({ ctx, input }) => createCollection(ctx.service, input)),

  update: permissionProcedure('documents:write')
    .input(
      z.object({
        id: z.uuid(),
        name: nameInput('Name').optional(),
        description: z.string().trim().max(1000).optional(),
        visibility: z.enum(VISIBILITIES).optional(),
      }),
    )
    .output(collectionOutput.passthrough())
    .mutation(({ ctx, input }) => updateCollection(ctx.service, input)),

  /** Deletes the collection and every document in it, once its name is typed. */
  delete: permissionProcedure('documents:write')
    .input(z.object({ id: z.uuid(), confirmName: z.string().max(300) }))
    .output(z.object({ id: z.uuid(), documents: z.number() }))
    .mutation(({ ctx, input }) => deleteCollection(ctx.service, input)),
});
