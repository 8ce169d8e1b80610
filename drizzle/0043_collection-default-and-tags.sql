ALTER TABLE "collections" ADD COLUMN "is_default" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "collections_one_default" ON "collections" USING btree ("tenant_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "documents_tags_gin" ON "documents" USING gin ("tags");--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_default_is_shared" CHECK (not "collections"."is_default" or "collections"."visibility" = 'tenant');--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tags_limit" CHECK (cardinality("documents"."tags") <= 20);