ALTER TABLE "rag_reports" ADD COLUMN "filename" text NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_reports" ADD COLUMN "size_bytes" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_reports" ADD COLUMN "sha256" text NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_reports" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "rag_reports" ADD CONSTRAINT "rag_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;