-- No code wrote the old shape of these tables; any stray rows would block the new NOT NULL columns.
DELETE FROM "agent_failures";--> statement-breakpoint
DELETE FROM "agent_runs";--> statement-breakpoint
ALTER TABLE "agent_runs" DROP CONSTRAINT "agent_runs_status_valid";--> statement-breakpoint
DROP INDEX "agent_runs_tenant_session_idx";--> statement-breakpoint
ALTER TABLE "agent_failures" ALTER COLUMN "retryable" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "agent_runs" ALTER COLUMN "session_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "agent_runs" ALTER COLUMN "started_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "agent_runs" ALTER COLUMN "finished_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_failures" ADD COLUMN "stage" text NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_failures" ADD COLUMN "error_code" text NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_failures" ADD COLUMN "message" text NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "kind" text NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "message_id" uuid;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "evaluation_id" uuid;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "model" text NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "provider" text NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "latency_ms" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "input_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "output_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "cost_usd" numeric(12, 6);--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "retrieved_chunk_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_evaluation_fk" FOREIGN KEY ("tenant_id","evaluation_id") REFERENCES "public"."rag_evaluations"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_runs_tenant_started_idx" ON "agent_runs" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "agent_runs_tenant_evaluation_idx" ON "agent_runs" USING btree ("tenant_id","evaluation_id");--> statement-breakpoint
CREATE INDEX "agent_runs_tenant_session_idx" ON "agent_runs" USING btree ("tenant_id","session_id");--> statement-breakpoint
ALTER TABLE "agent_failures" DROP COLUMN "error_type";--> statement-breakpoint
ALTER TABLE "agent_failures" DROP COLUMN "error_message";--> statement-breakpoint
ALTER TABLE "agent_runs" DROP COLUMN "agent_type";--> statement-breakpoint
ALTER TABLE "agent_runs" DROP COLUMN "duration_ms";--> statement-breakpoint
ALTER TABLE "agent_failures" ADD CONSTRAINT "agent_failures_stage_valid" CHECK ("agent_failures"."stage" in ('retrieval', 'model', 'storage'));--> statement-breakpoint
ALTER TABLE "agent_failures" ADD CONSTRAINT "agent_failures_message_length" CHECK (length("agent_failures"."message") <= 500);--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_kind_valid" CHECK ("agent_runs"."kind" in ('chat', 'evaluation'));--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_counts_nonnegative" CHECK ("agent_runs"."latency_ms" >= 0 and "agent_runs"."input_tokens" >= 0 and "agent_runs"."output_tokens" >= 0 and ("agent_runs"."cost_usd" is null or "agent_runs"."cost_usd" >= 0));--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_finished_after_start" CHECK ("agent_runs"."finished_at" >= "agent_runs"."started_at");--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_status_valid" CHECK ("agent_runs"."status" in ('succeeded', 'failed', 'stopped'));