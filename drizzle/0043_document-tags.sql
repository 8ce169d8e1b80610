ALTER TABLE "documents" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "documents_tags_gin" ON "documents" USING gin ("tags");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tags_limit" CHECK (cardinality("documents"."tags") <= 20);