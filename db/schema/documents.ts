import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, currentUserId, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { users } from './users';
import { VISIBILITIES, DOCUMENT_STATUSES } from '../../lib/enums';
import type { EmbedderConfig } from './embedders';

/** Dimensions of the local hashing embedder's vectors. */
export const EMBEDDING_DIMENSIONS = 1536;

/** pgvector indexes vectors of at most 2,000 dimensions (HNSW); longer ones are refused. */
export const MAX_EMBEDDING_DIMENSIONS = 2000;

/**
 * Dimensions that get a partial HNSW index of their own in `chunk_embeddings`; other sizes up to
 * MAX_EMBEDDING_DIMENSIONS work by an exact scan of the tenant's vectors.
 */
export const INDEXED_EMBEDDING_DIMENSIONS = [384, 512, 768, 1024, 1536] as const;

export const EMBEDDER_STATUSES = ['building', 'active', 'retired'] as const;
export type EmbedderStatus = (typeof EMBEDDER_STATUSES)[number];
export type EmbedderProgress = { done: number; total: number };

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A pgvector column without a fixed dimension: each row's `dims` says how long it is. */
const anyVector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => JSON.parse(value) as number[],
});

/**
 * A row that belongs to a document is visible exactly when the document is (its policies apply
 * in the subquery). IN rather than a correlated EXISTS: the visible documents are hashed once
 * per query, not looked up (with their own policies) once per candidate row.
 */
function documentVisiblePolicy() {
  const visible = sql`document_id in (select d.id from documents d)`;
  return pgPolicy('restricted_access', { as: 'restrictive', for: 'all', to: 'public', using: visible, withCheck: visible });
}

export const collections = pgTable(
  'collections',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull().default('tenant'),
    /** Where uploads go unless another collection is chosen: one per tenant, visible to the whole workspace. */
    isDefault: boolean('is_default').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('collections_tenant_name_key').on(t.tenantId, t.name),
    uniqueIndex('collections_one_default')
      .on(t.tenantId)
      .where(sql`is_default`),
    check('collections_default_is_shared', sql`not ${t.isDefault} or ${t.visibility} = 'tenant'`),
    unique('collections_tenant_id_key').on(t.tenantId, t.id),
    check('collections_name_not_blank', sql`length(btrim(${t.name})) between 1 and 200`),
    check('collections_visibility_valid', sql`${t.visibility} in ('tenant', 'restricted')`),
    tenantIsolationPolicy(),
    // Restricted collections exist only for those granted access (RESTRICTIVE: ANDed with the tenant policy).
    pgPolicy('restricted_access', {
      as: 'restrictive',
      for: 'all',
      to: 'public',
      using: sql`visibility = 'tenant' or created_by = ${currentUserId} or app_can_read('collection', id)`,
      withCheck: sql`visibility = 'tenant' or created_by = ${currentUserId} or app_can_read('collection', id)`,
    }),
    // Grant levels (app_can(), migration grant-levels-functions): on a restricted collection, changing
    // it needs write and deleting it admin; changing its visibility needs admin anywhere (a trigger).
    pgPolicy('write_level', { as: 'restrictive', for: 'update', to: 'public', using: sql`app_can('collection', id, 'write')` }),
    pgPolicy('delete_level', { as: 'restrictive', for: 'delete', to: 'public', using: sql`app_can('collection', id, 'admin')` }),
  ],
);

export const documents = pgTable(
  'documents',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    filename: text('filename').notNull(),
    storageKey: text('storage_key').notNull(),
    mimeType: text('mime_type').notNull(),
    fileType: text('file_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    checksumSha256: text('checksum_sha256').notNull(),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('uploaded'),
    error: text('error'),
    pageCount: integer('page_count'),
    chunkCount: integer('chunk_count').notNull().default(0),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull().default('tenant'),
    /** People's own labels for finding documents ("contract", "2026"): lowercase, at most 20. */
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('documents_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'documents_collection_fk',
      columns: [t.tenantId, t.collectionId],
      foreignColumns: [collections.tenantId, collections.id],
    }).onDelete('cascade'),
    index('documents_tenant_collection_created_idx').on(t.tenantId, t.collectionId, t.createdAt),
    index('documents_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('documents_tenant_checksum_idx').on(t.tenantId, t.collectionId, t.checksumSha256),
    index('documents_metadata_gin').using('gin', t.metadata),
    check('documents_size_nonnegative', sql`${t.sizeBytes} >= 0`),
    check('documents_checksum_format', sql`${t.checksumSha256} ~ '^[0-9a-f]{64}$'`),
    check('documents_status_valid', sql`${t.status} in ('uploaded', 'processing', 'completed', 'failed')`),
    check('documents_visibility_valid', sql`${t.visibility} in ('tenant', 'restricted')`),
    check('documents_tags_limit', sql`cardinality(${t.tags}) <= 20`),
    index('documents_tags_gin').using('gin', t.tags),
    check('documents_counts_nonnegative', sql`${t.chunkCount} >= 0 and coalesce(${t.pageCount}, 0) >= 0`),
    check('documents_failed_has_error', sql`${t.status} <> 'failed' or ${t.error} is not null`),
    tenantIsolationPolicy(),
    // A document is visible with its collection (whose own policy applies in the subquery; written
    // as IN so the planner hashes the visible collections once per query, not once per row) and,
    // when restricted itself, only to its uploader and those granted access to it or its collection.
    pgPolicy('restricted_access', {
      as: 'restrictive',
      for: 'all',
      to: 'public',
      using: sql`collection_id in (select c.id from collections c)
        and (visibility = 'tenant' or uploaded_by = ${currentUserId} or app_can_read('document', id) or app_can_read('collection', collection_id))`,
      withCheck: sql`collection_id in (select c.id from collections c)
        and (visibility = 'tenant' or uploaded_by = ${currentUserId} or app_can_read('document', id) or app_can_read('collection', collection_id))`,
    }),
    // Grant levels: uploading into a restricted collection and deleting a restricted document need
    // write. Updates stay with the domain (reprocess checks write): job management (jobs:manage)
    // legitimately sets the status of documents it may only read.
    pgPolicy('upload_level', {
      as: 'restrictive',
      for: 'insert',
      to: 'public',
      withCheck: sql`app_can('collection', collection_id, 'write')`,
    }),
    pgPolicy('delete_level', { as: 'restrictive', for: 'delete', to: 'public', using: sql`app_can('document', id, 'write')` }),
  ],
);

export const documentChunks = pgTable(
  'document_chunks',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    documentId: uuid('document_id').notNull(),
    chunkIndex: integer('chunk_index').notNull(),
    content: text('content').notNull(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', content)`),
    tokenCount: integer('token_count').notNull().default(0),
    pageFrom: integer('page_from'),
    pageTo: integer('page_to'),
    section: text('section'),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    unique('document_chunks_document_index_key').on(t.tenantId, t.documentId, t.chunkIndex),
    unique('document_chunks_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'document_chunks_document_fk',
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete('cascade'),
    index('document_chunks_search_gin').using('gin', t.search),
    check('document_chunks_index_nonnegative', sql`${t.chunkIndex} >= 0`),
    check('document_chunks_offsets', sql`${t.charStart} >= 0 and ${t.charEnd} >= ${t.charStart}`),
    check('document_chunks_pages', sql`${t.pageFrom} is null or (${t.pageFrom} >= 1 and ${t.pageTo} >= ${t.pageFrom})`),
    tenantIsolationPolicy(),
    documentVisiblePolicy(),
  ],
);

/**
 * The embedders a tenant has had: at most one `active` (retrieval reads only its vectors), at most
 * one `building` (a re-embedding in the background, switched to active atomically when complete),
 * the rest `retired` (their vectors deleted). `config` never holds the API key: that is encrypted
 * beside it (`api_key_encrypted`, bound to this tenant and field).
 */
export const embeddingsRegistry = pgTable(
  'embeddings_registry',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    modelName: text('model_name').notNull(),
    /** Known once the embedder produced a vector (an ONNX model says so only when loaded). */
    dims: integer('dims'),
    version: text('version').notNull().default(''),
    label: text('label').notNull().default(''),
    config: jsonb('config').$type<EmbedderConfig>().notNull(),
    apiKeyEncrypted: text('api_key_encrypted'),
    keyVersion: integer('key_version'),
    status: text('status', { enum: EMBEDDER_STATUSES }).notNull().default('building'),
    progress: jsonb('progress').$type<EmbedderProgress>().notNull().default({ done: 0, total: 0 }),
    jobId: uuid('job_id'),
    /** Why the last re-embedding with this embedder failed; the previous one stays active. */
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    unique('embeddings_registry_tenant_id_key').on(t.tenantId, t.id),
    uniqueIndex('embeddings_registry_one_active_key')
      .on(t.tenantId)
      .where(sql`${t.status} = 'active'`),
    uniqueIndex('embeddings_registry_one_building_key')
      .on(t.tenantId)
      .where(sql`${t.status} = 'building'`),
    check('embeddings_registry_dims_range', sql`${t.dims} is null or ${t.dims} between 1 and ${sql.raw(String(MAX_EMBEDDING_DIMENSIONS))}`),
    check('embeddings_registry_status_valid', sql`${t.status} in ('building', 'active', 'retired')`),
    check('embeddings_registry_active_has_dims', sql`${t.status} <> 'active' or ${t.dims} is not null`),
    tenantIsolationPolicy(),
  ],
);

/**
 * One vector per (chunk, embedder). Vectors of different embedders and dimensions share the
 * table; each indexed dimension has a partial HNSW index on `embedding::vector(n)`, which a query
 * uses when it orders by the same expression and filters on `dims = n`.
 */
export const chunkEmbeddings = pgTable(
  'chunk_embeddings',
  {
    tenantId: uuid('tenant_id').notNull(),
    chunkId: uuid('chunk_id').notNull(),
    /** Kept on the row so the visibility policy is a hashed subplan, not a lookup per chunk. */
    documentId: uuid('document_id').notNull(),
    embedderId: uuid('embedder_id').notNull(),
    dims: integer('dims').notNull(),
    embedding: anyVector('embedding').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'chunk_embeddings_pkey', columns: [t.tenantId, t.embedderId, t.chunkId] }),
    index('chunk_embeddings_tenant_chunk_idx').on(t.tenantId, t.chunkId),
    index('chunk_embeddings_tenant_document_idx').on(t.tenantId, t.documentId),
    foreignKey({
      name: 'chunk_embeddings_chunk_fk',
      columns: [t.tenantId, t.chunkId],
      foreignColumns: [documentChunks.tenantId, documentChunks.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'chunk_embeddings_document_fk',
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'chunk_embeddings_embedder_fk',
      columns: [t.tenantId, t.embedderId],
      foreignColumns: [embeddingsRegistry.tenantId, embeddingsRegistry.id],
    }).onDelete('cascade'),
    check(
      'chunk_embeddings_dims',
      sql`${t.dims} between 1 and ${sql.raw(String(MAX_EMBEDDING_DIMENSIONS))} and vector_dims(${t.embedding}) = ${t.dims}`,
    ),
    ...INDEXED_EMBEDDING_DIMENSIONS.map((n) =>
      index(`chunk_embeddings_hnsw_${n}`)
        .using('hnsw', sql`(${t.embedding}::vector(${sql.raw(String(n))})) vector_cosine_ops`)
        .where(sql`${t.dims} = ${sql.raw(String(n))}`),
    ),
    tenantIsolationPolicy(),
    // Vectors are visible exactly when their document is (as for document_chunks).
    documentVisiblePolicy(),
  ],
);
