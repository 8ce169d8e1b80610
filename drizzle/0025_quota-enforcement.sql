CREATE TABLE "quota_counters" (
	"tenant_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"period" text NOT NULL,
	"used" numeric(20, 6) DEFAULT '0' NOT NULL,
	"reserved" numeric(20, 6) DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_counters_tenant_id_scope_subject_id_period_pk" PRIMARY KEY("tenant_id","scope","subject_id","period"),
	CONSTRAINT "quota_counters_scope_valid" CHECK ("quota_counters"."scope" in ('tenant', 'user', 'api_key', 'cost_month')),
	CONSTRAINT "quota_counters_nonnegative" CHECK ("quota_counters"."used" >= 0 and "quota_counters"."reserved" >= 0)
);
--> statement-breakpoint
ALTER TABLE "quota_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "quota_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"limit_name" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"period" text NOT NULL,
	"used" numeric(20, 6) NOT NULL,
	"limit_value" numeric(20, 6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_notices_once_key" UNIQUE("tenant_id","limit_name","subject_id","period")
);
--> statement-breakpoint
ALTER TABLE "quota_notices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "quota_refusals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"date" date NOT NULL,
	"limit_name" text NOT NULL,
	"user_id" uuid,
	"api_key_id" uuid,
	"refusals" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "quota_refusals_rollup_key" UNIQUE NULLS NOT DISTINCT("tenant_id","date","limit_name","user_id","api_key_id"),
	CONSTRAINT "quota_refusals_positive" CHECK ("quota_refusals"."refusals" >= 0)
);
--> statement-breakpoint
ALTER TABLE "quota_refusals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "quota_reservations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"holds" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quota_reservations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "quota_counters" ADD CONSTRAINT "quota_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_notices" ADD CONSTRAINT "quota_notices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_refusals" ADD CONSTRAINT "quota_refusals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_refusals" ADD CONSTRAINT "quota_refusals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_refusals" ADD CONSTRAINT "quota_refusals_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_reservations" ADD CONSTRAINT "quota_reservations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quota_reservations_expires_idx" ON "quota_reservations" USING btree ("expires_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "quota_counters" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "quota_notices" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "quota_refusals" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "quota_reservations" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));