-- One embedder per tenant: vectors leave document_chunks for chunk_embeddings, keyed by the
-- embedder (embeddings_registry) that made them. Existing vectors move under a 'local-hash'
-- registry row per tenant, which becomes that tenant's active embedder.
CREATE TABLE "chunk_embeddings" (
	"tenant_id" uuid NOT NULL,
	"chunk_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"embedder_id" uuid NOT NULL,
	"dims" integer NOT NULL,
	"embedding" vector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chunk_embeddings_pkey" PRIMARY KEY("tenant_id","embedder_id","chunk_id"),
	CONSTRAINT "chunk_embeddings_dims" CHECK ("chunk_embeddings"."dims" between 1 and 2000 and vector_dims("chunk_embeddings"."embedding") = "chunk_embeddings"."dims")
);
--> statement-breakpoint
ALTER TABLE "chunk_embeddings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "chunk_embeddings" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "chunk_embeddings" TO agenticomni_app;--> statement-breakpoint
ALTER TABLE "embeddings_registry" DROP CONSTRAINT "embeddings_registry_tenant_model_key";--> statement-breakpoint
ALTER TABLE "embeddings_registry" DROP CONSTRAINT "embeddings_registry_dims_positive";--> statement-breakpoint
ALTER TABLE "embeddings_registry" ALTER COLUMN "dims" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "version" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "label" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "config" jsonb DEFAULT '{"kind":"local-hash"}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ALTER COLUMN "config" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "api_key_encrypted" text;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "key_version" integer;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "status" text DEFAULT 'building' NOT NULL;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "progress" jsonb DEFAULT '{"done":0,"total":0}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "activated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
-- Only the local hashing embedder ever wrote vectors: its row is the tenant's active embedder.
UPDATE "embeddings_registry" SET
	"status" = CASE WHEN "model_name" = 'local-hash-v1' AND "active" THEN 'active' ELSE 'retired' END,
	"config" = '{"kind":"local-hash"}'::jsonb,
	"version" = '1',
	"label" = 'Word hashing (offline, lexical)',
	"activated_at" = "created_at",
	"retired_at" = CASE WHEN "model_name" = 'local-hash-v1' AND "active" THEN NULL ELSE now() END;--> statement-breakpoint
-- Every existing workspace keeps the embedder its vectors came from; new ones get the default.
INSERT INTO "embeddings_registry" ("tenant_id", "model_name", "dims", "version", "label", "config", "status", "activated_at")
SELECT t."id", 'local-hash-v1', 1536, '1', 'Word hashing (offline, lexical)', '{"kind":"local-hash"}'::jsonb, 'active', now()
FROM "tenants" t
WHERE NOT EXISTS (SELECT 1 FROM "embeddings_registry" r WHERE r."tenant_id" = t."id" AND r."status" = 'active');--> statement-breakpoint
ALTER TABLE "embeddings_registry" DROP COLUMN "active";--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_tenant_id_key" UNIQUE("tenant_id","id");--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD CONSTRAINT "embeddings_registry_tenant_id_key" UNIQUE("tenant_id","id");--> statement-breakpoint
ALTER TABLE "chunk_embeddings" ADD CONSTRAINT "chunk_embeddings_chunk_fk" FOREIGN KEY ("tenant_id","chunk_id") REFERENCES "public"."document_chunks"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chunk_embeddings" ADD CONSTRAINT "chunk_embeddings_document_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."documents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chunk_embeddings" ADD CONSTRAINT "chunk_embeddings_embedder_fk" FOREIGN KEY ("tenant_id","embedder_id") REFERENCES "public"."embeddings_registry"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The vectors move before the indexes are built (one build instead of one insert per vector).
INSERT INTO "chunk_embeddings" ("tenant_id", "chunk_id", "document_id", "embedder_id", "dims", "embedding")
SELECT c."tenant_id", c."id", c."document_id", r."id", 1536, c."embedding"::vector
FROM "document_chunks" c
JOIN "embeddings_registry" r ON r."tenant_id" = c."tenant_id" AND r."status" = 'active'
WHERE c."embedding" IS NOT NULL;--> statement-breakpoint
DROP INDEX "document_chunks_embedding_hnsw";--> statement-breakpoint
ALTER TABLE "document_chunks" DROP COLUMN "embedding";--> statement-breakpoint
CREATE INDEX "chunk_embeddings_tenant_chunk_idx" ON "chunk_embeddings" USING btree ("tenant_id","chunk_id");--> statement-breakpoint
CREATE INDEX "chunk_embeddings_tenant_document_idx" ON "chunk_embeddings" USING btree ("tenant_id","document_id");--> statement-breakpoint
CREATE INDEX "chunk_embeddings_hnsw_384" ON "chunk_embeddings" USING hnsw (("embedding"::vector(384)) vector_cosine_ops) WHERE "chunk_embeddings"."dims" = 384;--> statement-breakpoint
CREATE INDEX "chunk_embeddings_hnsw_512" ON "chunk_embeddings" USING hnsw (("embedding"::vector(512)) vector_cosine_ops) WHERE "chunk_embeddings"."dims" = 512;--> statement-breakpoint
CREATE INDEX "chunk_embeddings_hnsw_768" ON "chunk_embeddings" USING hnsw (("embedding"::vector(768)) vector_cosine_ops) WHERE "chunk_embeddings"."dims" = 768;--> statement-breakpoint
CREATE INDEX "chunk_embeddings_hnsw_1024" ON "chunk_embeddings" USING hnsw (("embedding"::vector(1024)) vector_cosine_ops) WHERE "chunk_embeddings"."dims" = 1024;--> statement-breakpoint
CREATE INDEX "chunk_embeddings_hnsw_1536" ON "chunk_embeddings" USING hnsw (("embedding"::vector(1536)) vector_cosine_ops) WHERE "chunk_embeddings"."dims" = 1536;--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD CONSTRAINT "embeddings_registry_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "embeddings_registry_one_active_key" ON "embeddings_registry" USING btree ("tenant_id") WHERE "embeddings_registry"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "embeddings_registry_one_building_key" ON "embeddings_registry" USING btree ("tenant_id") WHERE "embeddings_registry"."status" = 'building';--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD CONSTRAINT "embeddings_registry_dims_range" CHECK ("embeddings_registry"."dims" is null or "embeddings_registry"."dims" between 1 and 2000);--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD CONSTRAINT "embeddings_registry_status_valid" CHECK ("embeddings_registry"."status" in ('building', 'active', 'retired'));--> statement-breakpoint
ALTER TABLE "embeddings_registry" ADD CONSTRAINT "embeddings_registry_active_has_dims" CHECK ("embeddings_registry"."status" <> 'active' or "embeddings_registry"."dims" is not null);--> statement-breakpoint
ALTER TABLE "processing_jobs" DROP CONSTRAINT "processing_jobs_type_valid";--> statement-breakpoint
ALTER TABLE "processing_jobs" ADD CONSTRAINT "processing_jobs_type_valid" CHECK ("processing_jobs"."job_type" in ('ingest', 'ocr', 'embed', 'reprocess', 'retention', 'gdpr_export', 'gdpr_erasure', 'eval_run', 'reembed'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "chunk_embeddings" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "restricted_access" ON "chunk_embeddings" AS RESTRICTIVE FOR ALL TO public USING (document_id in (select d.id from documents d)) WITH CHECK (document_id in (select d.id from documents d));
