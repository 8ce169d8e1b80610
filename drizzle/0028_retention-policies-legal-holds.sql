CREATE TABLE "legal_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	CONSTRAINT "legal_holds_target_type_valid" CHECK ("legal_holds"."target_type" in ('user', 'document')),
	CONSTRAINT "legal_holds_reason_present" CHECK (length(btrim("legal_holds"."reason")) between 1 and 1000)
);
--> statement-breakpoint
ALTER TABLE "legal_holds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "retention_policies" (
	"tenant_id" uuid NOT NULL,
	"chats_days" integer,
	"documents_days" integer,
	"usage_events_days" integer,
	"evaluations_days" integer,
	"audit_days" integer,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_policies_pkey" PRIMARY KEY("tenant_id"),
	CONSTRAINT "retention_policies_chats_days" CHECK (chats_days is null or (chats_days >= 1 and chats_days <= 36500)),
	CONSTRAINT "retention_policies_documents_days" CHECK (documents_days is null or (documents_days >= 1 and documents_days <= 36500)),
	CONSTRAINT "retention_policies_usage_events_days" CHECK (usage_events_days is null or (usage_events_days >= 1 and usage_events_days <= 36500)),
	CONSTRAINT "retention_policies_evaluations_days" CHECK (evaluations_days is null or (evaluations_days >= 1 and evaluations_days <= 36500)),
	CONSTRAINT "retention_policies_audit_floor" CHECK (audit_days is null or (audit_days >= 365 and audit_days <= 36500))
);
--> statement-breakpoint
ALTER TABLE "retention_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "data_retention_jobs" ADD COLUMN "local_date" date;--> statement-breakpoint
ALTER TABLE "data_retention_jobs" ADD COLUMN "policy" jsonb;--> statement-breakpoint
ALTER TABLE "data_retention_jobs" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "data_retention_jobs" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "data_retention_jobs" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_released_by_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_policies" ADD CONSTRAINT "retention_policies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_policies" ADD CONSTRAINT "retention_policies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legal_holds_tenant_created_idx" ON "legal_holds" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_holds_active_target_key" ON "legal_holds" USING btree ("tenant_id","target_type","target_id") WHERE "legal_holds"."released_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "data_retention_jobs_tenant_day_key" ON "data_retention_jobs" USING btree ("tenant_id","local_date");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "legal_holds" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "retention_policies" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));