ALTER TABLE "rag_eval_results" ADD COLUMN "seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "expected" jsonb DEFAULT '{"expectedAnswer":null,"goldDocuments":[],"keyFacts":[]}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "status" text DEFAULT 'ok' NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "abstained" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "retrieved" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "sentences" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "failures" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "input_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "output_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD COLUMN "agent_run_id" uuid;--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD COLUMN "progress" jsonb DEFAULT '{"done":0,"total":0,"errors":0}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD COLUMN "is_baseline" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "rag_metrics" ADD COLUMN "values" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_metrics" ADD COLUMN "cost_unknown" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD CONSTRAINT "rag_evaluations_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rag_eval_results_evaluation_case_key" ON "rag_eval_results" USING btree ("tenant_id","evaluation_id","case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rag_evaluations_one_baseline_key" ON "rag_evaluations" USING btree ("tenant_id","dataset_id") WHERE "rag_evaluations"."is_baseline";--> statement-breakpoint
ALTER TABLE "rag_eval_results" ADD CONSTRAINT "rag_eval_results_status_valid" CHECK ("rag_eval_results"."status" in ('ok', 'error'));--> statement-breakpoint
ALTER TABLE "rag_evaluations" ADD CONSTRAINT "rag_evaluations_baseline_completed" CHECK (not "rag_evaluations"."is_baseline" or "rag_evaluations"."status" = 'completed');