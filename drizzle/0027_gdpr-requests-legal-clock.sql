ALTER TABLE "gdpr_requests" DROP CONSTRAINT "gdpr_requests_type_valid";--> statement-breakpoint
ALTER TABLE "gdpr_requests" DROP CONSTRAINT "gdpr_requests_status_valid";--> statement-breakpoint
ALTER TABLE "gdpr_requests" DROP CONSTRAINT "gdpr_requests_requested_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "gdpr_requests" ALTER COLUMN "subject_email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ALTER COLUMN "status" SET DEFAULT 'received';--> statement-breakpoint
ALTER TABLE "gdpr_requests" ALTER COLUMN "due_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "subject_pseudonym" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "channel" text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "filed_by" uuid;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "received_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "extended_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "extension_reason" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "extended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "identity_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "verification_method" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "verification_code_hash" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "verification_code_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "verification_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "shared_documents" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "progress" jsonb;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "export_storage_key" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "export_sha256" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "export_size_bytes" bigint;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "certificate" jsonb;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "certificate_signature" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gdpr_requests_tenant_received_idx" ON "gdpr_requests" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "gdpr_requests_tenant_subject_idx" ON "gdpr_requests" USING btree ("tenant_id","subject_user_id");--> statement-breakpoint
ALTER TABLE "gdpr_requests" DROP COLUMN "requested_by";--> statement-breakpoint
ALTER TABLE "gdpr_requests" DROP COLUMN "requested_at";--> statement-breakpoint
ALTER TABLE "gdpr_requests" DROP COLUMN "result";--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_channel_valid" CHECK ("gdpr_requests"."channel" in ('admin', 'self'));--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_subject_present" CHECK ("gdpr_requests"."subject_user_id" is not null or "gdpr_requests"."subject_email" is not null or "gdpr_requests"."subject_pseudonym" is not null);--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_extension_bounded" CHECK ("gdpr_requests"."extended_due_at" is null or "gdpr_requests"."extended_due_at" > "gdpr_requests"."due_at");--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_rejection_reason" CHECK ("gdpr_requests"."status" <> 'rejected' or "gdpr_requests"."rejection_reason" is not null);--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_type_valid" CHECK ("gdpr_requests"."type" in ('access', 'portability', 'erasure', 'rectification', 'restriction'));--> statement-breakpoint
UPDATE "gdpr_requests" SET "status" = CASE "status" WHEN 'pending' THEN 'received' WHEN 'in_progress' THEN 'processing' ELSE "status" END;--> statement-breakpoint
ALTER TABLE "gdpr_requests" ADD CONSTRAINT "gdpr_requests_status_valid" CHECK ("gdpr_requests"."status" in ('received', 'identity_verified', 'approved', 'processing', 'completed', 'rejected', 'cancelled'));