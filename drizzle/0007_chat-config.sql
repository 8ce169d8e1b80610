DROP INDEX "tenant_llm_config_tenant_priority_idx";--> statement-breakpoint
ALTER TABLE "tenant_llm_config" ADD COLUMN "provider_type" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_llm_config" ADD COLUMN "retrieval" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_llm_config" ADD CONSTRAINT "tenant_llm_config_tenant_priority_key" UNIQUE("tenant_id","priority");--> statement-breakpoint
ALTER TABLE "tenant_llm_config" ADD CONSTRAINT "tenant_llm_config_provider_type_valid" CHECK ("tenant_llm_config"."provider_type" in ('local', 'openai-compatible'));