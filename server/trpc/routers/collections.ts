import { z } from 'zod';
import {
  collectionListOutput,
  collectionOutput,
  createCollectionInput,
  deleteCollectionInput,
  deleteCollectionOutput,
  updateCollectionInput,
} from '@/server/collections/schema';
import { createCollection, deleteCollection, listCollections, setDefaultCollection, updateCollection } from '@/server/collections/service';
import { idInput } from '@/server/shared/schema';
import { createTRPCRouter, permissionProcedure } from '../init';

const read = permissionProcedure('documents:read');
const write = permissionProcedure('documents:write');

export const collectionsRouter = createTRPCRouter({
  list: read
    .input(z.void())
    .output(collectionListOutput)
    .query(({ ctx }) => listCollections(ctx.service)),

  create: write
    .input(createCollectionInput)
    .output(collectionOutput.passthrough())
    .mutation(({ ctx, input }) => createCollection(ctx.service, input)),

  update: write
    .input(updateCollectionInput)
    .output(collectionOutput.passthrough())
    .mutation(({ ctx, input }) => updateCollection(ctx.service, input)),

  /** Makes a shared collection the default for uploads. */
  setDefault: write
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => setDefaultCollection(ctx.service, input)),

  /** Deletes the collection and every document in it, once its name is typed. */
  delete: write
    .input(deleteCollectionInput)
    .output(deleteCollectionOutput)
    .mutation(({ ctx, input }) => deleteCollection(ctx.service, input)),
});
