import 'server-only';
import { z } from 'zod';
import { VISIBILITIES } from '@/lib/enums';
import { createCollectionInput, updateCollectionInput } from '@/server/collections/schema';
import { createCollection, deleteCollection, getCollection, listCollectionsPage, updateCollection } from '@/server/collections/service';
import { decodeCursor, pageBody } from '../cursor';
import { defineEndpoint, jsonBody, reply } from '../endpoint';
import { dateTime, idParam, pageOf, pageQuery } from '../schema';

export const collectionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    visibility: z.enum(VISIBILITIES).meta({
      description: '`tenant`: everyone in the workspace with documents:read; `restricted`: its creator and the people granted access.',
    }),
    isDefault: z.boolean().meta({ description: 'Where uploads go when no collectionId is given (one per workspace at most).' }),
    documentCount: z.number().int().meta({ description: 'Documents in it that this key can see.' }),
    storageBytes: z.number().int().meta({ description: 'Their total size in bytes.' }),
    createdAt: dateTime,
  })
  .meta({
    id: 'Collection',
    description: 'A collection of documents; restricted ones are visible only to the people granted access.',
    examples: [
      {
        id: '0f8e7d6c-5b4a-4938-8271-605f4e3d2c1b',
        name: 'Policies',
        description: 'HR and travel policies',
        visibility: 'tenant',
        isDefault: true,
        documentCount: 14,
        storageBytes: 5830122,
        createdAt: '2026-11-20T08:00:00.000Z',
      },
    ],
  });

const TAGS: [string] = ['Collections'];

const updateBody = updateCollectionInput.omit({ id: true });

export const collectionEndpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/collections',
    operationId: 'listCollections',
    summary: 'List collections',
    description: 'The collections this key can see, newest first.',
    tags: TAGS,
    scope: 'documents:read',
    query: z.object(pageQuery),
    responses: { 200: { description: 'A page of collections.', schema: pageOf(collectionSchema) } },
    handler: async ({ query, ctx }) => {
      const page = await ctx.run((s) => listCollectionsPage(s, { limit: query.limit, after: decodeCursor(query.cursor) }));
      return reply(200, pageBody(page));
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/collections',
    operationId: 'createCollection',
    summary: 'Create a collection',
    tags: TAGS,
    scope: 'documents:write',
    body: jsonBody(createCollectionInput),
    responses: {
      201: {
        description: 'Created.',
        schema: collectionSchema,
        headers: { Location: { description: 'The URL of the new collection.' } },
      },
    },
    errors: ['conflict'],
    handler: async ({ body, ctx }) => {
      const created = await ctx.run(
        async (s) => {
          const row = await createCollection(s, body);
          return getCollection(s, { id: row.id });
        },
        { mutation: true },
      );
      return reply(201, created, { location: `${ctx.origin}/api/v1/collections/${created.id}` });
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/collections/{id}',
    operationId: 'getCollection',
    summary: 'Get a collection',
    tags: TAGS,
    scope: 'documents:read',
    params: idParam,
    responses: { 200: { description: 'The collection.', schema: collectionSchema } },
    handler: async ({ params, ctx }) => reply(200, await ctx.run((s) => getCollection(s, params))),
  }),
  defineEndpoint({
    method: 'PATCH',
    path: '/collections/{id}',
    operationId: 'updateCollection',
    summary: 'Rename a collection, change its description or who can see it',
    description: 'Changing `visibility` needs admin access to the collection; the default collection cannot be restricted.',
    tags: TAGS,
    scope: 'documents:write',
    params: idParam,
    body: jsonBody(updateBody),
    responses: { 200: { description: 'The collection as it is now.', schema: collectionSchema } },
    errors: ['bad_request', 'forbidden', 'conflict'],
    handler: async ({ params, body, ctx }) => {
      const updated = await ctx.run(
        async (s) => {
          await updateCollection(s, { ...body, id: params.id });
          return getCollection(s, params);
        },
        { mutation: true },
      );
      return reply(200, updated);
    },
  }),
  defineEndpoint({
    method: 'DELETE',
    path: '/collections/{id}',
    operationId: 'deleteCollection',
    summary: 'Delete a collection and its documents',
    description:
      'Needs admin access to the collection. Refused while it is the default for uploads, or while it holds documents this key cannot see or may only read.',
    tags: TAGS,
    scope: 'documents:write',
    params: idParam,
    responses: {
      200: {
        description: 'Deleted, with how many documents went with it.',
        schema: z.object({ id: z.uuid(), deletedDocuments: z.number().int() }),
      },
    },
    errors: ['bad_request', 'forbidden'],
    handler: async ({ params, ctx }) => {
      const done = await ctx.run(
        async (s) => {
          const collection = await getCollection(s, params);
          return deleteCollection(s, { id: params.id, confirmName: collection.name });
        },
        { mutation: true },
      );
      return reply(200, { id: done.id, deletedDocuments: done.documents });
    },
  }),
];
