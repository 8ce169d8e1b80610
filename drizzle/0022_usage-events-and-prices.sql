CREATE TABLE "model_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"model_pattern" text NOT NULL,
	"input_per_mtok_usd" numeric(12, 6) DEFAULT '0' NOT NULL,
	"output_per_mtok_usd" numeric(12, 6) DEFAULT '0' NOT NULL,
	"cached_per_mtok_usd" numeric(12, 6) DEFAULT '0' NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_prices_scope_pattern_from_key" UNIQUE NULLS NOT DISTINCT("tenant_id","model_pattern","effective_from"),
	CONSTRAINT "model_prices_pattern_not_blank" CHECK (length(btrim("model_prices"."model_pattern")) between 1 and 200),
	CONSTRAINT "model_prices_nonnegative" CHECK ("model_prices"."input_per_mtok_usd" >= 0 and "model_prices"."output_per_mtok_usd" >= 0 and "model_prices"."cached_per_mtok_usd" >= 0)
);
--> statement-breakpoint
ALTER TABLE "model_prices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "usage_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid,
	"api_key_id" uuid,
	"kind" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"local_date" date NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_tokens" bigint DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"ocr_pages" integer DEFAULT 0 NOT NULL,
	"ingestions" integer DEFAULT 0 NOT NULL,
	"storage_bytes" bigint DEFAULT 0 NOT NULL,
	"tokens_estimated" boolean DEFAULT false NOT NULL,
	"failed" boolean DEFAULT false NOT NULL,
	"cost_usd" numeric(14, 6),
	"price_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_events_kind_valid" CHECK ("usage_events"."kind" in ('chat', 'embedding', 'ocr', 'ingestion', 'evaluation', 'storage')),
	CONSTRAINT "usage_events_nonnegative" CHECK ("usage_events"."input_tokens" >= 0 and "usage_events"."output_tokens" >= 0 and "usage_events"."cached_tokens" >= 0 and "usage_events"."requests" >= 0
        and "usage_events"."ocr_pages" >= 0 and "usage_events"."ingestions" >= 0 and coalesce("usage_events"."cost_usd", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "usage_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_metrics" DROP CONSTRAINT "usage_metrics_tenant_user_date_key";--> statement-breakpoint
ALTER TABLE "usage_metrics" DROP CONSTRAINT "usage_metrics_nonnegative";--> statement-breakpoint
ALTER TABLE "tenant_quotas" ADD COLUMN "max_cost_per_month_usd" numeric(14, 2);--> statement-breakpoint
ALTER TABLE "tenant_quotas" ADD COLUMN "max_tokens_per_user_per_day" bigint;--> statement-breakpoint
ALTER TABLE "tenant_quotas" ADD COLUMN "max_tokens_per_api_key_per_day" bigint;--> statement-breakpoint
ALTER TABLE "tenant_quotas" ADD COLUMN "soft_threshold_percent" integer DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "kind" text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "model" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "tokens_cached" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "failed_requests" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "ocr_pages" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "unpriced_events" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD COLUMN "events" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_events_tenant_time_idx" ON "usage_events" USING btree ("tenant_id","occurred_at");--> statement-breakpoint
CREATE INDEX "usage_events_tenant_date_idx" ON "usage_events" USING btree ("tenant_id","local_date");--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD CONSTRAINT "usage_metrics_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD CONSTRAINT "usage_metrics_rollup_key" UNIQUE NULLS NOT DISTINCT("tenant_id","date","user_id","api_key_id","kind","model");--> statement-breakpoint
ALTER TABLE "tenant_quotas" ADD CONSTRAINT "tenant_quotas_more_nonnegative" CHECK (coalesce("tenant_quotas"."max_cost_per_month_usd", 0) >= 0 and coalesce("tenant_quotas"."max_tokens_per_user_per_day", 0) >= 0
        and coalesce("tenant_quotas"."max_tokens_per_api_key_per_day", 0) >= 0);--> statement-breakpoint
ALTER TABLE "tenant_quotas" ADD CONSTRAINT "tenant_quotas_threshold_range" CHECK ("tenant_quotas"."soft_threshold_percent" between 1 and 100);--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD CONSTRAINT "usage_metrics_kind_valid" CHECK ("usage_metrics"."kind" in ('chat', 'embedding', 'ocr', 'ingestion', 'evaluation', 'storage'));--> statement-breakpoint
ALTER TABLE "usage_metrics" ADD CONSTRAINT "usage_metrics_nonnegative" CHECK ("usage_metrics"."tokens_in" >= 0 and "usage_metrics"."tokens_out" >= 0 and "usage_metrics"."tokens_cached" >= 0 and "usage_metrics"."requests" >= 0
        and "usage_metrics"."failed_requests" >= 0 and "usage_metrics"."ingestions" >= 0 and "usage_metrics"."ocr_pages" >= 0 and "usage_metrics"."cost_usd" >= 0
        and "usage_metrics"."unpriced_events" >= 0 and "usage_metrics"."events" >= 0);--> statement-breakpoint
CREATE POLICY "model_prices_read" ON "model_prices" AS PERMISSIVE FOR SELECT TO public USING (tenant_id is null or tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "usage_events" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));